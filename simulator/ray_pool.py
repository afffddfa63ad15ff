"""A pool of Ray actors that each build their worker once, for suites too big for one machine.

``run_on_actors(worker_class, init_args, items, target)`` starts one actor per slot (``target.actors``,
else the cluster's CPUs; on a joined cluster at most its free CPUs), each constructing ``worker_class(*init_args)`` once (so a model loads once
per actor, not per item), and calls the worker on every item. Results come back in input order; an
``on_result`` callback sees each one as it arrives (a progress bar). An actor that dies (its process
killed, out of memory, its node lost) is replaced by a fresh one and its in-flight item resubmitted,
at most ``target.max_retries`` times; after that the item's result is a ``LostItem`` saying why, and
the run goes on. An item whose worker *raised* is a ``LostItem`` at once: the same code would raise
again.

Ray is an optional extra: ``import ray`` happens only here, inside the functions, and a missing
install is one ``CliError`` line naming the extra.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys
from collections import deque
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from simulator.errors import CliError

INSTALL_HINT = "pip install 'cockpit-sim[ray]'"
# Ray resolves 127.0.0.1 to the machine's public address unless this is off; with it off a local
# Ray (and a driver joining a head on loopback) keeps every server on 127.0.0.1.
_LOOPBACK_ONLY_ENV = "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"
_AUTH_MODE_ENV = "RAY_AUTH_MODE"


@dataclass(frozen=True)
class RayTarget:
    """Where and how wide to run: ``address`` None = a private local Ray on 127.0.0.1."""

    address: str | None = None  # "HOST:PORT" of a head (GCS), or "ray://HOST:10001" (Ray Client)
    actors: int | None = None  # None = one actor per CPU of the cluster
    max_retries: int = 2  # fresh actors an item may be resubmitted to after its actor died

    def __post_init__(self) -> None:
        if self.actors is not None and self.actors < 1:
            raise ValueError(f"actors must be at least 1, got {self.actors}")
        if self.max_retries < 0:
            raise ValueError(f"max_retries must be 0 or more, got {self.max_retries}")


@dataclass(frozen=True)
class LostItem:
    """An item with no result: its worker died on every attempt, or raised."""

    reason: str
    attempts: int


def import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise CliError(f"--executor ray needs Ray, which is not installed: {INSTALL_HINT}") from None
    return ray


def _is_loopback(address: str) -> bool:
    host = address.removeprefix("ray://").rsplit(":", 1)[0].strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _token_available() -> bool:
    if os.environ.get("RAY_AUTH_TOKEN"):
        return True
    path = os.environ.get("RAY_AUTH_TOKEN_PATH") or os.path.join(os.path.expanduser("~"), ".ray", "auth_token")
    return os.path.isfile(path)


REACH_TIMEOUT_S = 5.0  # a head that does not accept a TCP connection this fast is down or unreachable


def check_reachable(address: str) -> None:
    """A clear CliError for an address no head answers at, before Ray spends minutes retrying it."""
    host, sep, port_text = address.removeprefix("ray://").rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise CliError(f"--address {address}: expected HOST:PORT (or ray://HOST:PORT) with a port 1..65535")
    try:
        socket.create_connection((host, int(port_text)), timeout=REACH_TIMEOUT_S).close()
    except OSError as err:
        raise CliError(f"--address {address}: no Ray head answers there ({err.strerror or err}); start one with "
                       f"`ray start --head` or check the address") from None


def connect(target: RayTarget) -> tuple[Any, bool]:
    """(the ray module, whether we started the connection and so must shut it down)."""
    if target.address is not None:
        check_reachable(target.address)
    if target.address is None or _is_loopback(target.address):
        os.environ.setdefault(_LOOPBACK_ONLY_ENV, "0")  # read when ray is first imported
    if target.address is not None and _token_available():
        # A head started next to a token uses token auth, but Ray 2.60's driver does not notice the token
        # unless told; a head without auth accepts a driver that sends one.
        os.environ.setdefault(_AUTH_MODE_ENV, "token")
    ray = import_ray()
    if ray.is_initialized():
        return ray, False
    common = dict(logging_level="ERROR", log_to_driver=False, configure_logging=False)
    try:
        if target.address is None:
            # "local" always starts a private instance, even when another Ray runs on this machine.
            ray.init(address="local", num_cpus=target.actors or os.cpu_count() or 1, include_dashboard=False,
                     **common)
        else:
            ray.init(address=target.address, **common)
    except (ConnectionError, RuntimeError, ValueError) as err:
        raise CliError(f"cannot connect to {target.address or 'a local Ray'}: {_first_line(err)}") from None
    return ray, True


class _ActorHost:
    """The actor body: builds the worker once, then calls it per item."""

    def __init__(self, worker_class: type, init_args: tuple) -> None:
        self.worker = worker_class(*init_args)

    def ready(self) -> bool:
        """Answers once the constructor has run: only then is the actor given items."""
        return True

    def run(self, item: Any) -> Any:
        return self.worker(item)


def _died_errors(ray: Any) -> tuple[type, ...]:
    ex = ray.exceptions
    return (ex.RayActorError, ex.WorkerCrashedError, ex.OutOfMemoryError, ex.NodeDiedError, ex.ObjectLostError,
            ex.LocalRayletDiedError)


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return f"{type(err).__name__}: {text.splitlines()[0] if text else ''}".rstrip(": ")


def run_on_actors(worker_class: type, init_args: tuple, items: Sequence[Any], target: RayTarget = RayTarget(),
                  on_result: Callable[[int, Any], None] | None = None) -> list[Any]:
    """Every item's result (or a ``LostItem``), in input order; see the module doc."""
    ray, owned = connect(target)
    try:
        dispatch = _Dispatch(ray, worker_class, init_args, list(items), target, on_result)
        try:
            return dispatch.run(min(_width(ray, target), len(items)))
        finally:
            dispatch.stop()
    finally:
        if owned:
            ray.shutdown()


def _width(ray: Any, target: RayTarget) -> int:
    """How many actors to start: ``target.actors`` or one per cluster CPU, at most the CPUs free now.

    An actor beyond the free CPUs stays pending until some other job frees one, perhaps never. A private
    local Ray was started with exactly ``target.actors`` CPUs, so only a joined cluster is capped.
    """
    width = target.actors or max(1, int(ray.cluster_resources().get("CPU", 1)))
    if target.address is None:
        return width
    free = max(1, int(ray.available_resources().get("CPU", 0)))
    if width > free:
        if target.actors is not None:
            print(f"warning: --jobs {width} but the Ray cluster has {free} free CPU(s): using {free} actor(s)",
                  file=sys.stderr)
        width = free
    return width


class _Dispatch:
    """One run: started actors take queued items; a dead actor's item goes back in the queue.

    An actor gets an item only once its constructor has answered (``ready``): an item handed to an actor
    still waiting for a CPU would wait with it. Actors are killed once the queue is empty and they are idle.
    """

    def __init__(self, ray: Any, worker_class: type, init_args: tuple, items: list[Any], target: RayTarget,
                 on_result: Callable[[int, Any], None] | None) -> None:
        self.ray, self.items, self.target, self.on_result = ray, items, target, on_result
        # max_restarts=0: a dead actor stays dead and we replace it, so the retry count is ours.
        self.actor_class = ray.remote(num_cpus=1, max_restarts=0)(_ActorHost)
        self.init = (worker_class, init_args)
        self.results: list[Any] = [None] * len(items)
        self.queue: deque[tuple[int, int]] = deque((i, 0) for i in range(len(items)))  # (index, attempt)
        self.in_flight: dict[Any, tuple[int, int, Any]] = {}  # ref -> (index, attempt, actor)
        self.starting: dict[Any, Any] = {}  # ready ref -> actor whose constructor has not answered yet
        self.died = _died_errors(ray)

    def _new_actor(self) -> None:
        actor = self.actor_class.remote(*self.init)
        self.starting[actor.ready.remote()] = actor

    def _give(self, actor: Any) -> None:
        """The next queued item to an idle, started actor; with none left the actor is not needed."""
        if not self.queue:
            self._drop(actor)
            return
        index, attempt = self.queue.popleft()
        self.in_flight[actor.run.remote(self.items[index])] = (index, attempt, actor)

    def _finish(self, index: int, value: Any) -> None:
        self.results[index] = value
        if self.on_result is not None:
            self.on_result(index, value)

    def run(self, width: int) -> list[Any]:
        for _ in range(width):
            self._new_actor()
        # Items still queued when nothing is in flight wait for a starting actor; none queued ends the run.
        while self.in_flight or (self.queue and self.starting):
            ready, _ = self.ray.wait(list(self.in_flight) + list(self.starting), num_returns=1)
            if ready[0] in self.starting:
                self._started(ready[0])
            else:
                self._returned(ready[0])
        return self.results

    def _started(self, ref: Any) -> None:
        actor = self.starting.pop(ref)
        try:
            self.ray.get(ref)
        except (*self.died, self.ray.exceptions.RayTaskError) as err:
            # A constructor that dies or raises costs the next item an attempt, as running it there would:
            # retries stay bounded even when no actor can ever start.
            self._drop(actor)
            if self.queue:
                index, attempt = self.queue.popleft()
                self._died(index, attempt, err)
        else:
            self._give(actor)

    def _returned(self, ref: Any) -> None:
        index, attempt, actor = self.in_flight.pop(ref)
        try:
            value = self.ray.get(ref)
        except self.died as err:
            self._drop(actor)
            self._died(index, attempt, err)
            return
        except self.ray.exceptions.RayTaskError as err:
            cause = getattr(err, "cause", None) or err
            self._finish(index, LostItem(f"the Ray worker raised: {_first_line(cause)}", attempt + 1))
        else:
            self._finish(index, value)
        self._give(actor)

    def _died(self, index: int, attempt: int, err: BaseException) -> None:
        """The item's actor is gone: back to the queue for a fresh actor, or lost after the last retry."""
        if attempt < self.target.max_retries:
            self.queue.appendleft((index, attempt + 1))
        else:
            self._finish(index, LostItem(f"the Ray worker died {attempt + 1} time(s) on it "
                                         f"(last: {_first_line(err)})", attempt + 1))
        if self.queue:  # the pool keeps its width while there is work
            self._new_actor()

    def stop(self) -> None:
        """No actor outlives the run, even one still starting or one busy when the run stopped on an error."""
        for actor in [*self.starting.values(), *(a for _, _, a in self.in_flight.values())]:
            self._drop(actor)
        self.starting.clear()
        self.in_flight.clear()

    def _drop(self, actor: Any) -> None:
        """A dead, unreachable or finished actor must hold no slot in the cluster."""
        try:
            self.ray.kill(actor)
        except Exception:  # noqa: BLE001 - already gone is the expected case
            pass
