// Package sim is what the deterministic provider "sim" synthesises without a
// model: argument values that validate against a tool's input schema and
// read like real ones (Values), tool outputs that fit the output schema or
// one inferred from the tool's name and description (InferOutput), and text
// results. The planner and the conversational roles that use it live in the
// blueprint and agent services; its randomness comes from
// platform/seedrand, so the same seed gives the same values everywhere.
package sim
