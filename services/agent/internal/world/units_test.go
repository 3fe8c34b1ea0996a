package world

import (
	"context"
	"math"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
)

// conversionTools convert a value between the units their arguments name
// (BFCL's MathAPI kind), one between currencies, and one between
// temperature scales.
var conversionTools = []*toolv1.Tool{
	{Name: "si_unit_conversion", Description: "Convert a value from one SI unit to another.",
		InputSchemaJson:  `{"type":"object","properties":{"value":{"type":"number","description":"Value to be converted."},"unit_in":{"type":"string","description":"Unit of the input value."},"unit_out":{"type":"string","description":"Unit to convert the value to."}},"required":["value","unit_in","unit_out"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"result":{"type":"number","description":"Converted value in the new unit."}}}`},
	{Name: "units", Description: "Converts a quantity to another unit.",
		InputSchemaJson:  `{"type":"object","properties":{"to_unit":{"type":"string"},"from_unit":{"type":"string"},"amount":{"type":"number"}},"required":["amount","from_unit","to_unit"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"converted":{"type":"number"},"unit":{"type":"string"}}}`},
	{Name: "exchange", Description: "Convert an amount between currencies.",
		InputSchemaJson:  `{"type":"object","properties":{"amount":{"type":"number"},"from":{"type":"string"},"to":{"type":"string"}},"required":["amount","from","to"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"result":{"type":"number"}}}`},
}

func TestConversionsMultiplyByTheFactor(t *testing.T) {
	p := plan.New(&blueprintv1.Blueprint{})
	ts := toolsFor(t, conversionTools, p)
	cases := []struct {
		tool, args, field string
		want              float64
	}{
		{"si_unit_conversion", `{"value":97.77,"unit_in":"centimeter","unit_out":"millimeter"}`, "result", 977.7},
		{"si_unit_conversion", `{"value":858.82,"unit_in":"kilogram","unit_out":"milligram"}`, "result", 858820000},
		{"si_unit_conversion", `{"value":349.33,"unit_in":"millimeter","unit_out":"kilometer"}`, "result", 0.00034933},
		{"si_unit_conversion", `{"value":2.5,"unit_in":"seconds","unit_out":"ms"}`, "result", 2500},
		{"si_unit_conversion", `{"value":12,"unit_in":"inches","unit_out":"cm"}`, "result", 30.48},
		{"si_unit_conversion", `{"value":100,"unit_in":"Celsius","unit_out":"Fahrenheit"}`, "result", 212},
		{"si_unit_conversion", `{"value":-40,"unit_in":"°F","unit_out":"°C"}`, "result", -40},
		{"si_unit_conversion", `{"value":0,"unit_in":"celsius","unit_out":"kelvin"}`, "result", 273.15},
		{"units", `{"amount":3,"from_unit":"miles","to_unit":"km"}`, "converted", 4.828032},
		{"units", `{"amount":10,"from_unit":"pounds","to_unit":"kg"}`, "converted", 4.5359237},
	}
	for _, c := range cases {
		t.Run(c.args, func(t *testing.T) {
			w := New(p, ts, SimGenerator{}, nil, 3)
			got, isNum := plan.Number(callObj(t, w, c.tool, c.args, nil)[c.field])
			if !isNum || math.Abs(got-c.want) > 1e-9*math.Max(1, math.Abs(c.want)) {
				t.Fatalf("%s(%s).%s = %v, want %v", c.tool, c.args, c.field, got, c.want)
			}
		})
	}
	// Units of different quantities, unit systems and currencies have no
	// factor here: the generator's output is kept.
	for _, c := range []struct{ tool, args string }{
		{"si_unit_conversion", `{"value":5,"unit_in":"kilogram","unit_out":"second"}`},
		{"si_unit_conversion", `{"value":5,"unit_in":"imperial","unit_out":"metric"}`},
		{"exchange", `{"amount":5,"from":"USD","to":"EUR"}`},
	} {
		w := New(p, ts, SimGenerator{}, nil, 3)
		args, _ := plan.Decode(c.args)
		raw, _, err := SimGenerator{}.Generate(context.Background(), Request{Tool: ts.Get(c.tool), Args: args, ArgsJSON: c.args, Seed: 3, Tools: ts})
		if err != nil {
			t.Fatal(err)
		}
		if out, _ := w.Call(context.Background(), c.tool, c.args, nil); out != raw {
			t.Fatalf("%s(%s): output changed:\n generated %s\n returned  %s", c.tool, c.args, raw, out)
		}
	}
}
