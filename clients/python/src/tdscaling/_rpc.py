"""Call plumbing shared by the service wrappers: auth metadata, deadlines and
translation of gRPC failures into typed errors."""

from __future__ import annotations

from typing import Any, Callable, Generator, Optional, Sequence, Tuple, TypeVar

import grpc

from .exceptions import from_rpc_error

Metadata = Sequence[Tuple[str, str]]
T = TypeVar("T")


class Caller:
    """Runs stub calls with the client's metadata and default deadline, and
    raises :class:`~tdscaling.exceptions.TDScalingError` subclasses on failure."""

    def __init__(self, metadata: Metadata, timeout: Optional[float]) -> None:
        self.metadata = tuple(metadata)
        self.timeout = timeout

    def unary(self, method: Callable[..., T], request: object, timeout: Optional[float] = None) -> T:
        """Calls a unary method; ``timeout`` overrides the default deadline."""
        try:
            return method(request, metadata=self.metadata, timeout=timeout if timeout is not None else self.timeout)
        except grpc.RpcError as err:
            raise from_rpc_error(err) from None

    def stream(self, method: Callable[..., Any], request: object, timeout: Optional[float] = None) -> Generator[Any, None, None]:
        """Iterates a server stream (or a bidi stream when request is an
        iterator); closing the iterator cancels the call."""
        call = method(request, metadata=self.metadata, timeout=timeout)
        try:
            for item in call:
                yield item
        except grpc.RpcError as err:
            raise from_rpc_error(err) from None
        finally:
            call.cancel()  # a no-op once the stream has ended
