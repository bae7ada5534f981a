"""Serving searches under load: search slots, time limits and a worker pool of their own."""
