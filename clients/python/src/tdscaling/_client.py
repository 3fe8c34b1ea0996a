"""The entry point: one object holding the connections to a TDScaling cluster."""

from __future__ import annotations

from typing import Optional, Sequence, Tuple

import grpc

from ._jobs import Jobs
from ._rpc import Caller
from ._sandbox import Sandbox
from .job.v1 import job_service_pb2_grpc
from .sandbox.v1 import sandbox_service_pb2_grpc

# Fetched files and exported chunks can exceed gRPC's 4 MiB default.
_MAX_MESSAGE = 64 << 20


class Client:
    """A client of TDScaling's public services.

    ``address`` is the gateway (``host:port``), which serves the job API. The
    sandbox is reached at ``sandbox_address``, or at ``address`` too when a
    gRPC-aware proxy routes both services there. ``token`` is sent as
    ``authorization: Bearer <token>`` on every call. Without ``credentials``
    the connection is plaintext (loopback, or inside a cluster network).
    ``timeout`` is the default deadline of unary calls in seconds (None: no
    deadline); streams have none unless a method takes one. ``metadata`` is
    sent on every call too (e.g. a W3C ``traceparent`` to join a trace).

    Use it as a context manager, or call :meth:`close`::

        with tdscaling.Client("127.0.0.1:7100", token, sandbox_address="127.0.0.1:7105") as c:
            print(c.sandbox.execute("print(6 * 7)").stdout_text)
    """

    def __init__(
        self,
        address: str,
        token: Optional[str] = None,
        *,
        sandbox_address: Optional[str] = None,
        credentials: Optional[grpc.ChannelCredentials] = None,
        timeout: Optional[float] = 60.0,
        metadata: Sequence[Tuple[str, str]] = (),
        options: Sequence[Tuple[str, object]] = (),
    ) -> None:
        opts = [
            ("grpc.max_receive_message_length", _MAX_MESSAGE),
            ("grpc.max_send_message_length", _MAX_MESSAGE),
            *options,
        ]

        def dial(addr: str) -> grpc.Channel:
            if credentials is not None:
                return grpc.secure_channel(addr, credentials, options=opts)
            return grpc.insecure_channel(addr, options=opts)

        self._channels = [dial(address)]
        sandbox_channel = self._channels[0]
        if sandbox_address and sandbox_address != address:
            sandbox_channel = dial(sandbox_address)
            self._channels.append(sandbox_channel)
        auth = (("authorization", f"Bearer {token}"),) if token else ()
        caller = Caller((*auth, *metadata), timeout)
        self.jobs = Jobs(job_service_pb2_grpc.JobServiceStub(self._channels[0]), caller)
        """Synthesis jobs: create, watch, export (:class:`~tdscaling.Jobs`)."""
        self.sandbox = Sandbox(sandbox_service_pb2_grpc.SandboxServiceStub(sandbox_channel), caller)
        """Sandboxed code execution (:class:`~tdscaling.Sandbox`)."""

    def close(self) -> None:
        """Closes the connections; calls in flight are cancelled."""
        for ch in self._channels:
            ch.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
