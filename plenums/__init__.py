"""The archive of district and county Party plenary sessions."""
