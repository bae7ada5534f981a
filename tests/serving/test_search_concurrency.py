"""Two processes writing one index at the same time: no error, no lost update, no duplicate."""

import multiprocessing
import traceback

import pytest
from whoosh import index as whoosh_index
from whoosh.query import Every

from search.testing import index_at

ROUNDS = 40
SHARED = "plenums.session.999999"


def document(number: int, text: str) -> dict:
    return {
        "id": f"plenums.session.{number}",
        "django_ct": "plenums.session",
        "django_id": str(number),
        "text": text,
        "text_bigrams": text,
        "body": text,
        "title": text[:20],
    }


def own(worker: int, k: int) -> int:
    return worker * 1000 + k


def run_writer(path, worker, start, results):
    """Add a document per round, update a private and a shared one, delete every third."""
    try:
        with index_at(path) as backend:
            start.wait()
            for k in range(ROUNDS):
                backend.write(
                    add=[
                        document(own(worker, k), f"进程{worker}第{k}篇"),
                        document(own(worker, 999), f"进程{worker}最新第{k}版"),
                    ]
                )
                shared = document(999999, f"共享进程{worker}第{k}版")
                backend.write(add=[shared])
                if k % 3 == 2:
                    backend.remove(f"plenums.session.{own(worker, k - 1)}")
        results.put((worker, "ok"))
    except BaseException:
        results.put((worker, traceback.format_exc()))


@pytest.fixture
def backend(tmp_path):
    with index_at(tmp_path / "whoosh") as backend:
        # Load jieba and create the index before forking, as a warmed-up server would.
        backend.write(add=[document(1, "预热")], delete_ids=[])
        backend.remove("plenums.session.1")
        yield backend


def test_two_writing_processes_leave_a_consistent_index(backend, tmp_path):
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(2), context.Queue()
    workers = [
        context.Process(target=run_writer, args=(tmp_path / "whoosh", w, start, results))
        for w in (1, 2)
    ]
    for p in workers:
        p.start()
    outcomes = dict(results.get(timeout=300) for _ in workers)
    for p in workers:
        p.join(timeout=60)
    assert outcomes == {1: "ok", 2: "ok"}, outcomes
    assert [p.exitcode for p in workers] == [0, 0]

    ix = whoosh_index.open_dir(str(backend._current_dir()))
    with ix.searcher() as searcher:
        stored = [searcher.stored_fields(n) for n in searcher.search(Every(), limit=None).docs()]
    ids = [d["id"] for d in stored]
    assert len(ids) == len(set(ids)), "a document was indexed twice"
    expected = {SHARED}
    for w in (1, 2):
        expected |= {f"plenums.session.{own(w, k)}" for k in range(ROUNDS) if k % 3 != 1}
        expected.add(f"plenums.session.{own(w, 999)}")
    # k % 3 == 1 documents were deleted by the following round; none may survive, none be lost.
    assert set(ids) == expected
    texts = {d["id"]: d["body"] for d in stored}
    for w in (1, 2):
        assert texts[f"plenums.session.{own(w, 999)}"] == f"进程{w}最新第{ROUNDS - 1}版"
    assert texts[SHARED] in {f"共享进程{w}第{ROUNDS - 1}版" for w in (1, 2)}


def test_searches_see_each_write_at_once(backend):
    from haystack.inputs import Raw
    from haystack.query import SearchQuerySet

    backend.write(add=[document(7, "防汛抗旱")])
    assert [r.pk for r in SearchQuerySet().filter(content=Raw('"防汛"'))] == ["7"]
    backend.write(add=[document(7, "乡村振兴")])
    assert list(SearchQuerySet().filter(content=Raw('"防汛"'))) == []
    backend.remove("plenums.session.7")
    assert list(SearchQuerySet().filter(content=Raw('"振兴"'))) == []


def write_after_a_failed_commit(path, results):
    """In one process: a commit that fails for lack of space, then a write once space is back."""
    import resource
    import signal

    try:
        with index_at(path) as backend:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG from write(), not a kill
            soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
            resource.setrlimit(resource.RLIMIT_FSIZE, (32 * 1024, hard))
            try:
                # Distinct bigrams by the ten thousand: postings far larger than the limit.
                # Stored fields stay small, so the failure comes at commit, when postings are
                # written, not while the document is added.
                text = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(60000))
                backend.write(add=[{**document(2, text), "body": "短", "title": "短"}])
                outcome = "no error"
            except OSError as exc:
                # Whatever keeps the error (a log handler, an error reporter) keeps its frames and
                # the failed writer alive: the lock must not depend on that writer being collected.
                kept_error = exc
                outcome = f"failed: {kept_error.errno}"
            finally:
                resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
            backend.write(add=[document(3, "空间恢复以后")])
        results.put(("ok", outcome))
    except BaseException:
        results.put(("error", traceback.format_exc()))


def test_a_failed_commit_does_not_keep_the_write_lock(backend, tmp_path):
    results = multiprocessing.get_context("fork").Queue()
    child = multiprocessing.get_context("fork").Process(
        target=write_after_a_failed_commit, args=(tmp_path / "whoosh", results)
    )
    child.start()
    # Whoosh waits 30 s for a held lock before LockError; a freed lock answers at once.
    status, detail = results.get(timeout=25)
    child.join(10)
    assert status == "ok", detail
    assert detail.startswith("failed"), detail
    ix = whoosh_index.open_dir(str(backend._current_dir()))
    with ix.searcher() as searcher:
        ids = {hit["id"] for hit in searcher.search(Every(), limit=None)}
    assert ids == {"plenums.session.3"}


def test_a_searcher_that_fails_to_close_does_not_poison_later_searches(backend, caplog):
    from haystack.inputs import Raw
    from haystack.query import SearchQuerySet

    backend.write(add=[document(8, "防汛抗旱")])
    assert [r.pk for r in SearchQuerySet().filter(content=Raw('"防汛"'))] == ["8"]
    # A close that fails half-way leaves the cached reader closed underneath its searcher.
    backend._searcher().ixreader.close()
    assert [r.pk for r in SearchQuerySet().filter(content=Raw('"防汛"'))] == ["8"]

    backend._searcher().ixreader.close()
    backend.write(add=[document(9, "乡村振兴")])
    # Replacing it now means closing it again, which raises: searches go on all the same.
    for _ in range(3):
        assert [r.pk for r in SearchQuerySet().filter(content=Raw('"振兴"'))] == ["9"]
    assert "could not close a replaced index searcher" in caplog.text
