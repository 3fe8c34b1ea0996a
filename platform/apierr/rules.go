package apierr

import (
	"errors"
	"fmt"

	"buf.build/go/protovalidate"
	"google.golang.org/protobuf/proto"
)

// Check evaluates the protovalidate rules the contract declares on msg (the
// buf.validate options in proto/) and returns one violation per broken rule,
// named by its field path ("job_id", `spec.labels["a b"]`, "limits.pids").
// An error means the rules themselves could not be evaluated — a defect of
// the contract, not of the request.
func Check(msg proto.Message) ([]Violation, error) {
	err := protovalidate.Validate(msg)
	if err == nil {
		return nil, nil
	}
	var ve *protovalidate.ValidationError
	if !errors.As(err, &ve) {
		return nil, fmt.Errorf("validation rules of %s: %w", msg.ProtoReflect().Descriptor().FullName(), err)
	}
	out := make([]Violation, 0, len(ve.Violations))
	for _, v := range ve.Violations {
		p := v.Proto
		desc := p.GetMessage()
		if p.GetForKey() {
			desc = "key: " + desc
		}
		out = append(out, Violation{Field: protovalidate.FieldPathString(p.GetField()), Description: desc})
	}
	return out, nil
}

// Validate is Check as a status: InvalidArgument listing the violations, or
// a generic Internal when the rules could not be evaluated.
func Validate(msg proto.Message) error {
	vs, err := Check(msg)
	switch {
	case err != nil:
		return Internal()
	case len(vs) > 0:
		return InvalidArgument(vs...)
	}
	return nil
}
