package llm

import (
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	llmv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/llm/v1"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/tdscaling/tdscaling/platform/config"
)

// Providers.
const (
	// ProviderSim is the built-in deterministic provider (package sim): no model, no network.
	ProviderSim = "sim"
	// ProviderOpenAI is any OpenAI-compatible chat-completions server.
	ProviderOpenAI = "openai"
)

// Endpoint configures one role's model. The API key itself is never held
// here: only where to read it (an environment variable or a file).
type Endpoint struct {
	Provider string
	// BaseURL is the API root, e.g. http://127.0.0.1:8000/v1; the client posts to BaseURL + "/chat/completions".
	BaseURL    string
	Model      string
	APIKeyEnv  string
	APIKeyFile string
	// Temperature and TopP are sent when set (nil leaves the server's default).
	Temperature *float64
	TopP        *float64
	MaxTokens   int
	// MaxConcurrency bounds calls in flight to this endpoint; the limiter adapts below it.
	MaxConcurrency int
	// MinConcurrency is the floor the limiter never cuts below; 0 takes a
	// quarter of MaxConcurrency.
	MinConcurrency int
	// Timeout bounds one HTTP attempt.
	Timeout time.Duration
	// MaxRetries bounds retries of transient failures: 0 takes the default, -1 means none.
	MaxRetries int

	// What the model's chat template and server accept (see compat.go).

	// Guidance says where a role's private instructions go: GuidanceSystem
	// (folded into the first system message, the default: every template
	// accepts one leading system message) or GuidanceUser (a note on the
	// user's side of the last turn, for templates without a system role).
	Guidance string
	// ParallelToolCalls false says the model issues one tool call per turn
	// (Llama 3.x): a planned parallel group is then issued over consecutive
	// turns, and the request says parallel_tool_calls: false. Nil is true.
	ParallelToolCalls *bool
	// StructuredOutput is how JSON output is asked for: StructuredJSONSchema
	// (response_format json_schema, the default; a server that refuses it
	// with 400 or 422 is asked again with json_object, and so from then on)
	// or StructuredJSONObject.
	StructuredOutput string
	// LengthRetryMaxTokens, when larger than the call's max_tokens, is the
	// limit of the one retry of a reply cut off by the token limit
	// (finish_reason "length"); a reply cut off twice is an ErrTruncated.
	LengthRetryMaxTokens int
	// Price is what the endpoint charges, for a job's cost; zero is free.
	Price Price
}

// Defaults applied by WithDefaults.
const (
	DefaultMaxConcurrency = 8
	DefaultTimeout        = 120 * time.Second
	DefaultMaxRetries     = 5
)

// WithDefaults fills zero fields with the defaults; an empty provider is sim.
func (e Endpoint) WithDefaults() Endpoint {
	if e.Provider == "" {
		e.Provider = ProviderSim
	}
	if e.MaxConcurrency <= 0 {
		e.MaxConcurrency = DefaultMaxConcurrency
	}
	if e.Timeout <= 0 {
		e.Timeout = DefaultTimeout
	}
	if e.MaxRetries < 0 {
		e.MaxRetries = 0
	} else if e.MaxRetries == 0 {
		e.MaxRetries = DefaultMaxRetries
	}
	return e
}

// Problems lists what is wrong with the endpoint as (field, reason) pairs,
// with fields named as in llm.v1.Endpoint.
func (e Endpoint) Problems() [][2]string {
	var out [][2]string
	for _, concern := range []func() [][2]string{
		e.providerProblems, e.samplingProblems, e.callLimitProblems, e.compatProblems, e.retryAndPriceProblems,
	} {
		out = append(out, concern()...)
	}
	return out
}

// problem is one (field, reason) pair of Problems.
func problem(field, reason string) [2]string { return [2]string{field, reason} }

// providerProblems checks the provider and what it needs: an openai server
// is reached at an http(s) URL, serves a named model, and takes one source
// of API key.
func (e Endpoint) providerProblems() [][2]string {
	switch e.Provider {
	case "", ProviderSim:
		return nil
	case ProviderOpenAI:
	default:
		return [][2]string{problem("provider", fmt.Sprintf("want sim or openai, got %q", e.Provider))}
	}
	var out [][2]string
	if u, err := url.Parse(e.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		out = append(out, problem("base_url", fmt.Sprintf("want an http(s) URL such as http://127.0.0.1:8000/v1, got %q", e.BaseURL)))
	}
	if e.Model == "" {
		out = append(out, problem("model", "must be set for provider openai"))
	}
	if e.APIKeyEnv != "" && e.APIKeyFile != "" {
		out = append(out, problem("api_key_env", "set api_key_env or api_key_file, not both"))
	}
	return out
}

// samplingProblems checks what is sent with every request to shape the reply.
func (e Endpoint) samplingProblems() [][2]string {
	var out [][2]string
	if e.Temperature != nil && (*e.Temperature < 0 || *e.Temperature > 2) {
		out = append(out, problem("temperature", fmt.Sprintf("want 0..2, got %g", *e.Temperature)))
	}
	if e.TopP != nil && (*e.TopP <= 0 || *e.TopP > 1) {
		out = append(out, problem("top_p", fmt.Sprintf("want (0, 1], got %g", *e.TopP)))
	}
	if e.MaxTokens < 0 {
		out = append(out, problem("max_tokens", "must not be negative"))
	}
	return out
}

// callLimitProblems checks the bounds on calls in flight and on each attempt.
func (e Endpoint) callLimitProblems() [][2]string {
	var out [][2]string
	if e.MaxConcurrency < 0 || e.MaxConcurrency > 4096 {
		out = append(out, problem("max_concurrency", fmt.Sprintf("want 0..4096, got %d", e.MaxConcurrency)))
	}
	if e.MinConcurrency < 0 || (e.MaxConcurrency > 0 && e.MinConcurrency > e.MaxConcurrency) {
		out = append(out, problem("min_concurrency", fmt.Sprintf("want 0..max_concurrency (%d), got %d", e.MaxConcurrency, e.MinConcurrency)))
	}
	if e.Timeout < 0 {
		out = append(out, problem("timeout", "must not be negative"))
	}
	return out
}

// compatProblems checks what the model's chat template and server accept.
func (e Endpoint) compatProblems() [][2]string {
	var out [][2]string
	switch e.Guidance {
	case "", GuidanceSystem, GuidanceUser:
	default:
		out = append(out, problem("guidance", fmt.Sprintf("want %s or %s, got %q", GuidanceSystem, GuidanceUser, e.Guidance)))
	}
	switch e.StructuredOutput {
	case "", StructuredJSONSchema, StructuredJSONObject:
	default:
		out = append(out, problem("structured_output", fmt.Sprintf("want %s or %s, got %q", StructuredJSONSchema, StructuredJSONObject, e.StructuredOutput)))
	}
	return out
}

// retryAndPriceProblems checks the retries of a cut-off or failed call and
// what calls cost.
func (e Endpoint) retryAndPriceProblems() [][2]string {
	var out [][2]string
	if e.LengthRetryMaxTokens < 0 {
		out = append(out, problem("length_retry_max_tokens", "must not be negative"))
	}
	if e.Price.InputPerMillion < 0 || e.Price.OutputPerMillion < 0 {
		out = append(out, problem("price", "prices must not be negative"))
	}
	if e.MaxRetries < -1 || e.MaxRetries > 100 {
		out = append(out, problem("max_retries", fmt.Sprintf("want -1 (none) to 100, got %d", e.MaxRetries)))
	}
	return out
}

// APIKey reads the key from the environment variable or the file; empty
// when neither is configured (local servers need none).
func (e Endpoint) APIKey() (string, error) {
	switch {
	case e.APIKeyEnv != "":
		k, ok := os.LookupEnv(e.APIKeyEnv)
		if !ok || k == "" {
			return "", fmt.Errorf("llm: api key: environment variable %s is not set", e.APIKeyEnv)
		}
		return k, nil
	case e.APIKeyFile != "":
		b, err := os.ReadFile(e.APIKeyFile)
		if err != nil {
			return "", fmt.Errorf("llm: api key: %w", err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	return "", nil
}

// LogValue keeps logs to what identifies the endpoint: never a key.
func (e Endpoint) LogValue() slog.Value {
	return slog.GroupValue(slog.String("provider", e.Provider), slog.String("base_url", e.BaseURL), slog.String("model", e.Model))
}

// FromProto converts the contract's Endpoint; nil gives the zero Endpoint (sim).
func FromProto(p *llmv1.Endpoint) Endpoint {
	if p == nil {
		return Endpoint{}
	}
	e := Endpoint{
		Provider: p.GetProvider(), BaseURL: p.GetBaseUrl(), Model: p.GetModel(),
		APIKeyEnv: p.GetApiKeyEnv(), APIKeyFile: p.GetApiKeyFile(),
		MaxTokens: int(p.GetMaxTokens()), MaxConcurrency: int(p.GetMaxConcurrency()), MinConcurrency: int(p.GetMinConcurrency()),
		MaxRetries: int(p.GetMaxRetries()),
		Guidance:   p.GetGuidance(), StructuredOutput: p.GetStructuredOutput(),
		LengthRetryMaxTokens: int(p.GetLengthRetryMaxTokens()),
		Price:                Price{InputPerMillion: p.GetPrice().GetInputPerMillion(), OutputPerMillion: p.GetPrice().GetOutputPerMillion()},
	}
	if p.ParallelToolCalls != nil {
		v := p.GetParallelToolCalls()
		e.ParallelToolCalls = &v
	}
	if p.Temperature != nil {
		t := p.GetTemperature()
		e.Temperature = &t
	}
	if p.TopP != nil {
		t := p.GetTopP()
		e.TopP = &t
	}
	if p.GetTimeout() != nil {
		e.Timeout = p.GetTimeout().AsDuration()
	}
	return e
}

// Proto converts to the contract's Endpoint.
func (e Endpoint) Proto() *llmv1.Endpoint {
	p := &llmv1.Endpoint{
		Provider: e.Provider, BaseUrl: e.BaseURL, Model: e.Model,
		ApiKeyEnv: e.APIKeyEnv, ApiKeyFile: e.APIKeyFile,
		Temperature: e.Temperature, TopP: e.TopP,
		MaxTokens: int32(e.MaxTokens), MaxConcurrency: int32(e.MaxConcurrency), MinConcurrency: int32(e.MinConcurrency), MaxRetries: int32(e.MaxRetries),
		Guidance: e.Guidance, ParallelToolCalls: e.ParallelToolCalls, StructuredOutput: e.StructuredOutput,
		LengthRetryMaxTokens: int32(e.LengthRetryMaxTokens),
	}
	if e.Price != (Price{}) {
		p.Price = &llmv1.Price{InputPerMillion: e.Price.InputPerMillion, OutputPerMillion: e.Price.OutputPerMillion}
	}
	if e.Timeout > 0 {
		p.Timeout = durationpb.New(e.Timeout)
	}
	return p
}

// EndpointFlags declares one role's endpoint as flags under prefix (e.g.
// "llm.planner."): provider, base_url, model, api_key_env, api_key_file,
// temperature, top_p, max_tokens, max_concurrency, min_concurrency, timeout, max_retries,
// guidance, parallel_tool_calls, structured_output, length_retry_max_tokens.
type EndpointFlags struct {
	// NoProvider leaves out the provider flag, for commands that choose the
	// provider otherwise (tds blueprint draft --planner).
	NoProvider  bool
	prefix      string
	e           Endpoint
	temperature optionalFloat
	topP        optionalFloat
	parallel    optionalBool
}

// Register declares the flags.
func (f *EndpointFlags) Register(fs *flag.FlagSet, prefix string, role Role) {
	f.prefix = prefix
	f.e.Provider = ProviderOpenAI
	if !f.NoProvider {
		fs.StringVar(&f.e.Provider, prefix+"provider", ProviderSim, fmt.Sprintf("%s model provider: sim (built-in, deterministic, no model) or openai (any OpenAI-compatible server)", role))
	}
	fs.StringVar(&f.e.BaseURL, prefix+"base_url", "", "OpenAI-compatible API root, e.g. http://127.0.0.1:8000/v1 (vLLM), http://127.0.0.1:11434/v1 (Ollama)")
	fs.StringVar(&f.e.Model, prefix+"model", "", "model name sent to the server")
	fs.StringVar(&f.e.APIKeyEnv, prefix+"api_key_env", "", "name of the environment variable holding the API key (the key is never logged)")
	fs.StringVar(&f.e.APIKeyFile, prefix+"api_key_file", "", "file holding the API key, instead of api_key_env")
	fs.Var(&f.temperature, prefix+"temperature", "sampling temperature; unset leaves the server's default")
	fs.Var(&f.topP, prefix+"top_p", "nucleus sampling; unset leaves the server's default")
	fs.IntVar(&f.e.MaxTokens, prefix+"max_tokens", 0, "completion token limit per call; 0 leaves the server's default")
	fs.IntVar(&f.e.MaxConcurrency, prefix+"max_concurrency", DefaultMaxConcurrency, "most calls in flight to this endpoint; the client backs off below it when the endpoint is congested (429/5xx that fall when the load falls)")
	fs.IntVar(&f.e.MinConcurrency, prefix+"min_concurrency", 0, "calls in flight the client never backs off below; 0 takes a quarter of max_concurrency")
	fs.DurationVar(&f.e.Timeout, prefix+"timeout", DefaultTimeout, "timeout of one HTTP attempt")
	fs.IntVar(&f.e.MaxRetries, prefix+"max_retries", DefaultMaxRetries, "retries of a transient failure (429, 5xx, network, timeout) before giving up; -1 for none")
	fs.StringVar(&f.e.Guidance, prefix+"guidance", GuidanceSystem, "where private instructions go: system (folded into the first system message; every chat template accepts it) or user (a note in the user's last turn, for templates without a system role)")
	f.parallel = optionalBool{set: true, v: true}
	fs.Var(&f.parallel, prefix+"parallel_tool_calls", "the model can issue several tool calls in one turn; false issues a planned parallel group over consecutive single-call turns (Llama 3.x)")
	fs.StringVar(&f.e.StructuredOutput, prefix+"structured_output", StructuredJSONSchema, "how JSON output is requested: json_schema (falls back to json_object once a server refuses it) or json_object")
	fs.IntVar(&f.e.LengthRetryMaxTokens, prefix+"length_retry_max_tokens", 0, "max_tokens of the one retry of a reply cut off by the token limit; 0 retries with the same limit (a reply cut off twice is rejected)")
	fs.Float64Var(&f.e.Price.InputPerMillion, prefix+"price.input_per_million", 0, "what the endpoint charges per million prompt tokens, for the job's cost and --max-cost (0: free)")
	fs.Float64Var(&f.e.Price.OutputPerMillion, prefix+"price.output_per_million", 0, "what the endpoint charges per million completion tokens (0: free)")
}

// SetProvider overrides the provider (with NoProvider).
func (f *EndpointFlags) SetProvider(p string) { f.e.Provider = p }

// Endpoint returns the configured endpoint.
func (f *EndpointFlags) Endpoint() Endpoint {
	e := f.e
	e.Temperature = f.temperature.ptr()
	e.TopP = f.topP.ptr()
	if f.parallel.set && !f.parallel.v {
		e.ParallelToolCalls = &f.parallel.v
	}
	return e
}

// Validate checks the flags into v.
func (f *EndpointFlags) Validate(v *config.Validator) {
	for _, p := range f.Endpoint().Problems() {
		v.Check(false, f.prefix+p[0], "%s", p[1])
	}
}

type optionalFloat struct {
	set bool
	v   float64
}

func (o *optionalFloat) String() string {
	if o == nil || !o.set {
		return ""
	}
	return fmt.Sprint(o.v)
}

func (o *optionalFloat) Set(s string) error {
	if s == "" {
		o.set = false
		return nil
	}
	var f float64
	if _, err := fmt.Sscan(s, &f); err != nil {
		return fmt.Errorf("want a number, got %q", s)
	}
	o.set, o.v = true, f
	return nil
}

// optionalBool is a boolean flag that is also settable from YAML and the
// environment as "true"/"false".
type optionalBool struct {
	set bool
	v   bool
}

func (o *optionalBool) String() string {
	if o == nil || !o.set {
		return ""
	}
	return strconv.FormatBool(o.v)
}

func (o *optionalBool) Set(s string) error {
	b, err := strconv.ParseBool(s)
	if err != nil {
		return fmt.Errorf("want true or false, got %q", s)
	}
	o.set, o.v = true, b
	return nil
}

// IsBoolFlag lets --flag stand for --flag=true.
func (o *optionalBool) IsBoolFlag() bool { return true }

func (o *optionalFloat) ptr() *float64 {
	if !o.set {
		return nil
	}
	v := o.v
	return &v
}
