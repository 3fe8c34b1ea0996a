package planner_test

import (
	"strings"
	"testing"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/validate"
)

// Two tools that share their qualifier ("in a path") are not told apart by
// it: neither request keeps a qualifier that names no place ("go over all
// files in a path"), and one the user gives a path for names it.
func TestASharedQualifierIsNotKept(t *testing.T) {
	schema := `{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}`
	c := &clusterv1.Cluster{Id: "cl_fs", Domain: "file_system", Tools: []*toolv1.Tool{
		{Id: "t_list", Name: "list_directory", Service: "fs", Domain: "file_system", Description: "Get a detailed listing of all files and directories in a specified path.", InputSchemaJson: schema},
		{Id: "t_sizes", Name: "list_directory_with_sizes", Service: "fs", Domain: "file_system", Description: "Get a detailed listing of all files and directories in a specified path, including sizes.", InputSchemaJson: schema},
	}}
	asked := 0
	for seed := range int64(30) {
		bp, err := draft(t, c, seed, 2)
		if err != nil {
			continue
		}
		for _, intent := range bp.GetIntents() {
			asked++
			if strings.Contains(intent, "in a path") || strings.Contains(intent, "specified") {
				t.Errorf("seed %d: %q", seed, intent)
			}
		}
	}
	if asked == 0 {
		t.Error("no request")
	}
}

// The one thing a request acts on is said by the kind its path is ("check
// metadata about a file"), never as the specification's "a file or
// directory"; another name in the same folder is a rename.
func TestOneThingIsSaidByItsKind(t *testing.T) {
	c := &clusterv1.Cluster{Id: "cl_fs", Domain: "file_system", Tools: []*toolv1.Tool{
		{Id: "t_info", Name: "get_file_info", Service: "fs", Domain: "file_system", Description: "Retrieve detailed metadata about a file or directory.",
			InputSchemaJson: `{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}`},
		{Id: "t_move", Name: "move_file", Service: "fs", Domain: "file_system", Description: "Move or rename files and directories.",
			InputSchemaJson: `{"type":"object","properties":{"source":{"type":"string"},"destination":{"type":"string"}},"required":["source","destination"]}`},
	}}
	for seed := range int64(40) {
		bp, err := draft(t, c, seed, 2)
		if err != nil {
			continue
		}
		for _, intent := range bp.GetIntents() {
			if strings.Contains(intent, " or folder") || strings.Contains(intent, " or directory") {
				t.Errorf("seed %d: %q", seed, intent)
			}
		}
	}
}

// A file named without its folder is one file too, and "at the path" says
// nothing its name does not.
func TestAFileNamedWithoutFolderIsAFile(t *testing.T) {
	c := &clusterv1.Cluster{Id: "cl_files", Domain: "file_system", Tools: []*toolv1.Tool{
		{Id: "t_mv", Name: "moveFile", Service: "files", Domain: "file_system", Description: "Move a file or folder at the specified path.",
			InputSchemaJson: `{"type":"object","properties":{"file_path":{"type":"string","description":"File path, such as notes.pdf"}},"required":["file_path"]}`},
	}}
	asked := 0
	for seed := range int64(30) {
		bp, err := draft(t, c, seed, 1)
		if err != nil {
			continue
		}
		for _, intent := range bp.GetIntents() {
			asked++
			if strings.Contains(intent, " or folder") || strings.Contains(intent, "at the path") {
				t.Errorf("seed %d: %q", seed, intent)
			}
		}
	}
	if asked == 0 {
		t.Error("no request")
	}
}

// A value taken from an earlier result is pointed back at ("log in a user
// with that user ID"), never asked for as "the user ID" the description
// names.
func TestAValueFromAnEarlierResultIsPointedAt(t *testing.T) {
	c := &clusterv1.Cluster{Id: "cl_msg", Domain: "messaging", Tools: []*toolv1.Tool{
		{Id: "t_id", Name: "get_user_id", Service: "msg", Domain: "messaging", Description: "Get user ID from user name.",
			InputSchemaJson:  `{"type":"object","properties":{"user":{"type":"string","description":"User name of the user."}},"required":["user"]}`,
			OutputSchemaJson: `{"type":"object","properties":{"user_id":{"type":"string","description":"User ID of the user"}}}`},
		{Id: "t_login", Name: "message_login", Service: "msg", Domain: "messaging", Description: "Log in a user with the given user ID to messeage application.",
			InputSchemaJson:  `{"type":"object","properties":{"user_id":{"type":"string","description":"User ID of the user to log in."}},"required":["user_id"]}`,
			OutputSchemaJson: `{"type":"object","properties":{"login_status":{"type":"boolean"}}}`},
	}, Edges: []*clusterv1.DependencyEdge{{FromToolId: "t_id", FromField: "$.user_id", ToToolId: "t_login", ToParam: "user_id", Score: 1}}}
	pointed := 0
	for seed := range int64(60) {
		bp, err := draft(t, c, seed, 2, validate.Chain)
		if err != nil {
			continue
		}
		for _, intent := range bp.GetIntents() {
			if strings.Contains(intent, "with the user ID") {
				t.Errorf("seed %d: %q", seed, intent)
			}
			if strings.Contains(intent, "with that user ID") {
				pointed++
			}
		}
	}
	if pointed == 0 {
		t.Error("no request pointed back at the user ID")
	}
}
