"""Typed errors of the TDScaling client.

Every failed call raises a :class:`TDScalingError` subclass chosen by the
gRPC status code. Each carries the status code, the machine-readable
``reason`` the services put in ``google.rpc.ErrorInfo`` (a name of
``tdscaling.errors.v1.ErrorReason``, e.g. ``"ERROR_REASON_INVALID_ARGUMENT"``)
and, for bad input, the ``field_violations`` of ``google.rpc.BadRequest``.
Branch on ``reason`` or the class, never on the message text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

import grpc
from google.rpc import error_details_pb2, status_pb2

#: ErrorInfo domain of every TDScaling error.
DOMAIN = "tdscaling.io"

_DETAILS_KEY = "grpc-status-details-bin"


@dataclass(frozen=True)
class FieldViolation:
    """A request field and what is wrong with it."""

    field: str
    description: str


class TDScalingError(Exception):
    """A call to a TDScaling service failed.

    Attributes:
        code: the gRPC status code.
        message: the server's message, for humans.
        reason: the ErrorReason name, or ``"ERROR_REASON_UNSPECIFIED"`` when the
            server sent none (e.g. a proxy or the transport failed).
        field_violations: the request fields at fault (InvalidArgument).
    """

    code: grpc.StatusCode = grpc.StatusCode.UNKNOWN

    def __init__(
        self,
        message: str,
        *,
        code: Optional[grpc.StatusCode] = None,
        reason: str = "ERROR_REASON_UNSPECIFIED",
        field_violations: Sequence[FieldViolation] = (),
    ) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.message = message
        self.reason = reason
        self.field_violations: tuple[FieldViolation, ...] = tuple(field_violations)

    def __str__(self) -> str:
        return f"{self.code.name} ({self.reason}): {self.message}"

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(code={self.code.name}, reason={self.reason!r}, "
            f"message={self.message!r}, field_violations={list(self.field_violations)!r})"
        )


class InvalidArgumentError(TDScalingError):
    """The request is malformed; ``field_violations`` names the fields."""

    code = grpc.StatusCode.INVALID_ARGUMENT


class UnauthenticatedError(TDScalingError):
    """No bearer token, or one the server does not know."""

    code = grpc.StatusCode.UNAUTHENTICATED


class PermissionDeniedError(TDScalingError):
    """The token is valid but does not own the resource."""

    code = grpc.StatusCode.PERMISSION_DENIED


class NotFoundError(TDScalingError):
    """The job, corpus or cluster does not exist."""

    code = grpc.StatusCode.NOT_FOUND


class AlreadyExistsError(TDScalingError):
    """The resource exists already."""

    code = grpc.StatusCode.ALREADY_EXISTS


class FailedPreconditionError(TDScalingError):
    """The server cannot do this now (e.g. a runtime is not installed, or the
    job's state forbids the operation)."""

    code = grpc.StatusCode.FAILED_PRECONDITION


class ResourceExhaustedError(TDScalingError):
    """The server is at capacity or a budget is spent; retry with backoff."""

    code = grpc.StatusCode.RESOURCE_EXHAUSTED


class DeadlineExceededError(TDScalingError):
    """The call's deadline passed."""

    code = grpc.StatusCode.DEADLINE_EXCEEDED


class UnavailableError(TDScalingError):
    """The server (or one it depends on) cannot be reached."""

    code = grpc.StatusCode.UNAVAILABLE


class UnimplementedError(TDScalingError):
    """The RPC is part of the contract but the server does not provide it yet."""

    code = grpc.StatusCode.UNIMPLEMENTED


class CancelledError(TDScalingError):
    """The call was cancelled."""

    code = grpc.StatusCode.CANCELLED


class InternalError(TDScalingError):
    """A bug or unexpected failure on the server."""

    code = grpc.StatusCode.INTERNAL


_BY_CODE: dict[grpc.StatusCode, type[TDScalingError]] = {
    cls.code: cls
    for cls in (
        InvalidArgumentError,
        UnauthenticatedError,
        PermissionDeniedError,
        NotFoundError,
        AlreadyExistsError,
        FailedPreconditionError,
        ResourceExhaustedError,
        DeadlineExceededError,
        UnavailableError,
        UnimplementedError,
        CancelledError,
        InternalError,
    )
}

# Status codes the services use for each reason, for errors that arrive
# without a status of their own (refusals inside an ExecuteBatch stream).
_CODE_BY_REASON: dict[str, grpc.StatusCode] = {
    "ERROR_REASON_INVALID_ARGUMENT": grpc.StatusCode.INVALID_ARGUMENT,
    "ERROR_REASON_UNAUTHENTICATED": grpc.StatusCode.UNAUTHENTICATED,
    "ERROR_REASON_PERMISSION_DENIED": grpc.StatusCode.PERMISSION_DENIED,
    "ERROR_REASON_JOB_NOT_FOUND": grpc.StatusCode.NOT_FOUND,
    "ERROR_REASON_CORPUS_NOT_FOUND": grpc.StatusCode.NOT_FOUND,
    "ERROR_REASON_CLUSTER_NOT_FOUND": grpc.StatusCode.NOT_FOUND,
    "ERROR_REASON_ALREADY_EXISTS": grpc.StatusCode.ALREADY_EXISTS,
    "ERROR_REASON_OVERLOADED": grpc.StatusCode.RESOURCE_EXHAUSTED,
    "ERROR_REASON_BUDGET_EXHAUSTED": grpc.StatusCode.RESOURCE_EXHAUSTED,
    "ERROR_REASON_RUNTIME_NOT_INSTALLED": grpc.StatusCode.FAILED_PRECONDITION,
    "ERROR_REASON_JOB_STATE_CONFLICT": grpc.StatusCode.FAILED_PRECONDITION,
    "ERROR_REASON_UNIMPLEMENTED": grpc.StatusCode.UNIMPLEMENTED,
    "ERROR_REASON_DEPENDENCY_UNAVAILABLE": grpc.StatusCode.UNAVAILABLE,
    "ERROR_REASON_SANDBOX_FAILURE": grpc.StatusCode.INTERNAL,
    "ERROR_REASON_INTERNAL": grpc.StatusCode.INTERNAL,
}


def error_class(code: grpc.StatusCode) -> type[TDScalingError]:
    """The exception class raised for a status code."""
    return _BY_CODE.get(code, TDScalingError)


def from_rpc_error(err: grpc.RpcError) -> TDScalingError:
    """Converts a failed gRPC call into its typed error, decoding the
    ErrorInfo and BadRequest details the services attach."""
    code = err.code() if isinstance(err, grpc.Call) else grpc.StatusCode.UNKNOWN
    message = err.details() if isinstance(err, grpc.Call) else str(err)
    reason = "ERROR_REASON_UNSPECIFIED"
    violations: list[FieldViolation] = []
    trailers = err.trailing_metadata() if isinstance(err, grpc.Call) else None
    for key, value in trailers or ():
        if key != _DETAILS_KEY:
            continue
        status = status_pb2.Status.FromString(value)
        for any_detail in status.details:
            info = error_details_pb2.ErrorInfo()
            if any_detail.Unpack(info):
                if info.domain == DOMAIN:
                    reason = info.reason
                continue
            bad = error_details_pb2.BadRequest()
            if any_detail.Unpack(bad):
                violations.extend(FieldViolation(v.field, v.description) for v in bad.field_violations)
    cls = error_class(code)
    return cls(message or code.name, code=code, reason=reason, field_violations=violations)


def from_reason(
    reason: str, message: str, field_violations: Sequence[FieldViolation] = ()
) -> TDScalingError:
    """Builds the typed error for a failure reported in a message body (a
    refusal inside a stream) rather than as a call status."""
    code = _CODE_BY_REASON.get(reason, grpc.StatusCode.UNKNOWN)
    return error_class(code)(message, code=code, reason=reason, field_violations=field_violations)
