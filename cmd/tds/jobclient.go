package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"

	"github.com/tdscaling/tdscaling/platform/grpcclient"
)

// serverFlags say where the gateway is and how to authenticate.
type serverFlags struct {
	addr  string
	token string
}

func (f *serverFlags) register(fs *flag.FlagSet, def string) {
	fs.StringVar(&f.addr, "server", def, "gateway gRPC address (host:port) of a running suite (tds up)")
	fs.StringVar(&f.token, "token", "", "bearer token for the gateway, when it requires one (or TDS_TOKEN)")
}

func (f *serverFlags) dial() (jobv1.JobServiceClient, *grpc.ClientConn, error) {
	conn, err := grpcclient.Dial(f.addr, grpcclient.Config{Token: f.token})
	if err != nil {
		return nil, nil, err
	}
	return jobv1.NewJobServiceClient(conn), conn, nil
}

// flagNames translates the job spec's fields to the synth flags that set them.
var flagNames = []struct{ field, flag string }{
	{"spec.corpus.extra_paths", "--corpus"},
	{"spec.corpus.path", "--corpus"},
	{"spec.corpus", "--corpus"},
	{"spec.target_records", "-n"},
	{"spec.output_dir", "--out"},
	{"spec.strategy", "--strategy"},
	{"spec.seed", "--seed"},
}

// errorLine renders a gateway error as one line that says what to fix, and
// the exit code: 2 for bad input, 1 for anything else.
func errorLine(err error) (string, int) {
	st, ok := status.FromError(err)
	if !ok {
		return err.Error(), 1
	}
	msg := st.Message()
	for _, d := range st.Details() {
		if br, ok := d.(*errdetails.BadRequest); ok && len(br.GetFieldViolations()) > 0 {
			var parts []string
			for _, v := range br.GetFieldViolations() {
				parts = append(parts, renameField(v.GetField())+": "+v.GetDescription())
			}
			msg = strings.Join(parts, "; ")
		}
	}
	msg = renameField(msg)
	switch st.Code() {
	case codes.InvalidArgument, codes.FailedPrecondition, codes.AlreadyExists, codes.NotFound, codes.OutOfRange:
		return msg, 2
	case codes.Unauthenticated:
		return msg + " (pass --token or set TDS_TOKEN)", 2
	case codes.Unavailable:
		return "cannot reach the gateway: " + msg, 1
	}
	return msg, 1
}

func renameField(s string) string {
	for _, f := range flagNames {
		if strings.HasPrefix(s, f.field) {
			return f.flag + strings.TrimPrefix(s, f.field)
		}
	}
	return s
}

// watchJob follows a job until it ends, calling show with each update.
func watchJob(ctx context.Context, c jobv1.JobServiceClient, id string, show func(*jobv1.WatchJobResponse)) (*jobv1.WatchJobResponse, error) {
	var last *jobv1.WatchJobResponse
	for attempt := 0; ; attempt++ {
		stream, err := c.WatchJob(ctx, &jobv1.WatchJobRequest{JobId: id})
		for err == nil {
			var msg *jobv1.WatchJobResponse
			if msg, err = stream.Recv(); err == nil {
				last = msg
				attempt = 0
				show(msg)
			}
		}
		if last != nil && isTerminal(last.GetState()) {
			return last, nil
		}
		if ctx.Err() != nil {
			return last, ctx.Err()
		}
		// A dropped stream (a restarted gateway or NATS) is followed again.
		if code := status.Code(err); (code == codes.Unavailable || errors.Is(err, context.DeadlineExceeded) || code == codes.Internal) && attempt < 60 {
			select {
			case <-time.After(time.Second):
				continue
			case <-ctx.Done():
				return last, ctx.Err()
			}
		}
		if err == nil {
			err = fmt.Errorf("watch of job %s ended early", id)
		}
		return last, err
	}
}

func isTerminal(s jobv1.JobState) bool {
	return s == jobv1.JobState_JOB_STATE_SUCCEEDED || s == jobv1.JobState_JOB_STATE_FAILED || s == jobv1.JobState_JOB_STATE_CANCELLED ||
		s == jobv1.JobState_JOB_STATE_STOPPED
}

func stateWord(s jobv1.JobState) string {
	return strings.ToLower(strings.TrimPrefix(s.String(), "JOB_STATE_"))
}
