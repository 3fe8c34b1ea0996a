package llm

import (
	"flag"

	llmv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/llm/v1"

	"github.com/tdscaling/tdscaling/platform/config"
)

// RoleFlags declares an endpoint per role under prefix + role + "."
// (e.g. --llm.assistant.base_url), for services that play several roles.
type RoleFlags struct {
	roles map[Role]*EndpointFlags
}

// Register declares the flags of the given roles (all roles when none given).
func (r *RoleFlags) Register(fs *flag.FlagSet, prefix string, roles ...Role) {
	if len(roles) == 0 {
		roles = Roles
	}
	r.roles = map[Role]*EndpointFlags{}
	for _, role := range roles {
		f := &EndpointFlags{}
		f.Register(fs, prefix+string(role)+".", role)
		r.roles[role] = f
	}
}

// Endpoint returns a role's endpoint; an unregistered role is sim.
func (r *RoleFlags) Endpoint(role Role) Endpoint {
	if f, ok := r.roles[role]; ok {
		return f.Endpoint()
	}
	return Endpoint{Provider: ProviderSim}
}

// Validate checks every role's flags.
func (r *RoleFlags) Validate(v *config.Validator) {
	for _, role := range Roles {
		if f, ok := r.roles[role]; ok {
			f.Validate(v)
		}
	}
}

// RolesFromProto converts the contract's Roles; an unset role is sim, and the
// judge is left out when unset (no judge runs).
func RolesFromProto(p *llmv1.Roles) map[Role]Endpoint {
	out := map[Role]Endpoint{
		RolePlanner:       FromProto(p.GetPlanner()).WithDefaults(),
		RoleUserSimulator: FromProto(p.GetUserSimulator()).WithDefaults(),
		RoleAssistant:     FromProto(p.GetAssistant()).WithDefaults(),
		RoleToolSimulator: FromProto(p.GetToolSimulator()).WithDefaults(),
	}
	if p.GetJudge() != nil {
		out[RoleJudge] = FromProto(p.GetJudge()).WithDefaults()
	}
	return out
}
