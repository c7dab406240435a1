"""The pool's lock: one step at a time per pool, across threads and processes.

`pool_locked(pool_id)` opens (or joins) a transaction, bumps the pool's `version` with
`UPDATE … SET version = version + 1` and reads the pool again. The UPDATE is the lock, the
same statement on every database:

- PostgreSQL: the UPDATE takes the row's lock; a second process's UPDATE of the same row waits
  until the first transaction commits or rolls back (READ COMMITTED, Django's default), and
  every later statement of the waiting transaction sees what the first one committed. It is
  the row lock of `select_for_update()`, plus the version bump in the same statement. Other
  pools are not held up. (A REPEATABLE READ or SERIALIZABLE connection would get a
  serialisation error instead of waiting; the project uses READ COMMITTED.)
- SQLite: the settings begin every transaction as IMMEDIATE (settings.DATABASES OPTIONS
  transaction_mode), which takes the database's write lock at BEGIN; a second writer, in
  this process or another, waits up to the busy timeout (SQLITE_TIMEOUT) at its BEGIN, before
  it has read anything. So the whole step, reads included, runs alone. The lock covers the
  whole database, not just the pool: steps are short (a handful of statements). checks.py
  refuses to start when the transaction mode is not IMMEDIATE, because a DEFERRED transaction
  that read first could not safely turn into a writer.

Either way the lock is held by the database, not the process: several web workers, the
task worker and a cron job on one machine or many are safe. Everything read under the lock
is read after it was taken, so decisions (is a seat free?) rest on the committed state.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models import F

from partneratlas.capacity.models import Pool


@contextmanager
def pool_locked(pool_id: int) -> Iterator[Pool]:
    """Inside a transaction, hold the pool's lock and yield the pool as it is now (version already bumped).

    Raises Pool.DoesNotExist when there is no such pool. Leaving the block by an exception
    rolls back everything done in it.
    """
    with transaction.atomic():
        if not Pool.objects.filter(pk=pool_id).update(version=F("version") + 1):
            raise Pool.DoesNotExist(f"There is no pool {pool_id}.")
        yield Pool.objects.get(pk=pool_id)
