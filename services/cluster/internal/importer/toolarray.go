package importer

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/tdscaling/tdscaling/services/cluster/internal/corpus"
)

// mcpTool is one entry of an MCP tools/list result. service and domain are
// not MCP fields; pools that annotate their tools with them keep them.
type mcpTool struct {
	Name         *string         `json:"name"`
	Title        string          `json:"title"`
	Description  string          `json:"description"`
	InputSchema  json.RawMessage `json:"inputSchema"`
	OutputSchema json.RawMessage `json:"outputSchema"`
	Service      string          `json:"service"`
	Server       string          `json:"server"`
	Domain       string          `json:"domain"`
}

// openaiTool is an entry of an OpenAI tools array, or a bare function
// (the older functions array). response is BFCL's extension.
type openaiTool struct {
	Type     string          `json:"type"`
	Function *openaiFunction `json:"function"`
	openaiFunction
}

type openaiFunction struct {
	Name        *string         `json:"name"`
	Description string          `json:"description"`
	Parameters  json.RawMessage `json:"parameters"`
	Response    json.RawMessage `json:"response"`
}

// toolArray streams the tools of an MCP tools/list result or an OpenAI tools
// array: a bare array, or an object whose "tools" (MCP, OpenAI) or "functions"
// member holds it, possibly inside a JSON-RPC "result".
func (im *run) toolArray(r io.Reader, format Format) error {
	dec := json.NewDecoder(io.LimitReader(r, MaxDocument))
	tok, err := dec.Token()
	if err != nil {
		return im.docError("#", err)
	}
	found := false
	var walk func(tok json.Token, ptr string, depth int) error
	walk = func(tok json.Token, ptr string, depth int) error {
		switch tok {
		case json.Delim('['):
			found = true
			return im.arrayElems(dec, ptr, format)
		case json.Delim('{'):
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return im.docError(ptr, err)
				}
				key, _ := kt.(string)
				if depth < 2 && (key == "tools" || key == "functions" || key == "result") {
					vt, err := dec.Token()
					if err != nil {
						return im.docError(ptr+"/"+key, err)
					}
					if vt == json.Delim('[') || vt == json.Delim('{') {
						if err := walk(vt, ptr+"/"+key, depth+1); err != nil {
							return err
						}
					}
					continue
				}
				var skip json.RawMessage
				if err := dec.Decode(&skip); err != nil {
					return im.docError(ptr+"/"+key, err)
				}
			}
			if _, err := dec.Token(); err != nil {
				return im.docError(ptr, err)
			}
			return nil
		}
		return &Error{Issue{im.opts.Name + "#" + ptr, "want an array of tools or an object with a \"tools\" array"}}
	}
	if err := walk(tok, "", 0); err != nil {
		return err
	}
	if !found {
		return &Error{Issue{im.opts.Name, `no "tools" array found`}}
	}
	return nil
}

func (im *run) docError(ptr string, err error) error {
	return &Error{Issue{im.opts.Name + "#" + ptr, "malformed JSON: " + cleanJSONError(err)}}
}

func (im *run) arrayElems(dec *json.Decoder, ptr string, format Format) error {
	for i := 0; dec.More(); i++ {
		loc := fmt.Sprintf("%s#%s/%d", im.opts.Name, ptr, i)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			// The stream cannot resynchronise inside an array.
			return im.docError(fmt.Sprintf("%s/%d", ptr, i), err)
		}
		var t *corpus.Tool
		var reason string
		if format == FormatMCP {
			t, reason = fromMCP(raw)
		} else {
			t, reason = fromOpenAI(raw)
		}
		if reason != "" {
			if err := im.skip(loc, reason); err != nil {
				return err
			}
			continue
		}
		if err := im.add(loc, t); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return im.docError(ptr, err)
	}
	return nil
}

func fromMCP(raw json.RawMessage) (*corpus.Tool, string) {
	var m mcpTool
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, "malformed tool: " + cleanJSONError(err)
	}
	if m.Name == nil {
		return nil, `missing "name"`
	}
	desc := m.Description
	if desc == "" {
		desc = m.Title
	}
	svc := m.Service
	if svc == "" {
		svc = m.Server
	}
	return &corpus.Tool{Name: *m.Name, Description: desc, InputSchema: m.InputSchema, OutputSchema: m.OutputSchema, Service: svc, Domain: m.Domain}, ""
}

func fromOpenAI(raw json.RawMessage) (*corpus.Tool, string) {
	var o openaiTool
	if err := json.Unmarshal(raw, &o); err != nil {
		return nil, "malformed tool: " + cleanJSONError(err)
	}
	f := &o.openaiFunction
	if o.Function != nil {
		f = o.Function
	}
	if o.Type != "" && o.Type != "function" {
		return nil, fmt.Sprintf("type %q is not a function tool", o.Type)
	}
	if f.Name == nil {
		return nil, `missing "function.name"`
	}
	return &corpus.Tool{Name: *f.Name, Description: f.Description, InputSchema: f.Parameters, OutputSchema: f.Response}, ""
}
