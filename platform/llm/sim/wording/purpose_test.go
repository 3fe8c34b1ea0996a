package wording

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestPurpose(t *testing.T) {
	cases := []struct{ name, desc, want string }{
		{"get_user_tickets", "Get all tickets created by the current user, optionally filtered by status.", "get all tickets created by the current user"},
		{"x", "Retrieves the `threeDS2Result` after doing a 3D Secure 2 authentication.", "retrieve the threeDS2Result after doing a 3D Secure 2 authentication"},
		{"x", "Returns a list of test runs", "get the test runs"},
		{"x", "Given the ID of an existing webhook, return its details.", "get its details"},
		{"x", "Used to obtain all security advisories published in a given year.", "get all security advisories published in a year"},
		{"x", "<p>Grants one or more permissions on a private CA to the AWS service.</p>", "grant one or more permissions on a private CA to the AWS service"},
		{"x", "Search for flights, e.g. by origin and destination.", "search for flights"},
		{"x", "Edits the order at, for example, position 3 of the queue.", "edit the order"},
		{"x", "Fund the account with the specified amount.", "fund the account with the amount"},
		{"x", "List of bot files", "list bot files"},
		// A thing the caller names is said as a person asks for it: the
		// value they give names it, never "a specified path".
		{"list_directory", "Get a detailed listing of all files and directories in a specified path.", "list all files and directories in a path"},
		{"x", "Retrieve the coupon with the given ID.", "retrieve the coupon with the ID"},
		{"x", "Returns the attributes of a provided asset.", "get the attributes of an asset"},
		// One determiner before a noun, never two ("the latest the events").
		{"x", "Returns the latest list of events for the account.", "get the latest events for the account"},
		{"x", "Fetches a curated list of podcasts by id", "fetch the curated podcasts by id"},
		{"x", "Get your list of searches", "get your searches"},
		{"x", "Get the your lists", "get your lists"},
		{"x", "All feeds for current user in a given group", "get all feeds for current user in a group"},
		{"x", "My addresses", "get my addresses"},
		{"x", "Episode for a given pid", "get the episode for a pid"},
		{"x", "Contains a representation of a list of the specified project's components", "contain a representation of the project's components"},
		{"x", "Cross Street lookup", "run a cross street lookup"},
		{"v1.Catalog.Services.get", "/v1/Catalog/Services \nGets the list of all the services available in a specific center.", "get the services available in the center"},
		{"listUsers", "GET /users - List the users of the workspace", "list the users of the workspace"},
		{"get_issue", "Get details of a specific issue in a GitHub repository.", "get details of the issue in a GitHub repository"},
		{"v1.Catalog.Centers.get", "/v1/Catalog/Centers", "get the catalog centers"},
		{"setCruiseControl", "", "set the cruise control"},
		// A description that names the thing ("Access to …", "Represents
		// …") or what is tried ("Attempts to …") asks for it, never
		// "access to public facilities" as a request.
		{"findFacilities", "Access to public facilities (escalators and elevators) in railway stations", "get the public facilities in railway stations"},
		{"GetDomainNames", "Represents a collection of <a>DomainName</a> resources.", "get the domain name resources"},
		{"StopBuild", "Attempts to stop running a build.", "stop running a build"},
		{"checkFilesExist", "Checks to see if each file or folder in the array exists \nRequires access token", "check whether each file or folder in the array exists"},
		{"serveMetadataProfileViewFile", "Serves metadata profile view file", "get metadata profile view file"},
		// A verb of the operation's name is a verb: "retry", "untag".
		{"jobs.retryConvert", "", "retry the convert"},
		{"UntagResource", "The AppIntegrations APIs are in preview release and are subject to change.", "untag the resource"},
		{"profiles.id.updates.pending.json.get", "", "get the updates pending of a profile"},
		{"get_stock_price", "获取股票的当前价格", "get the stock price"},
		{"getUsers", "Obtener la lista de los usuarios de la cuenta", "get the users"},
		{"Registry_GetSpec", "GetSpec returns a specified spec.", "get the spec"},
		{"post_project", "Triggers a new build, returns a summary of the build.", "trigger a new build"},
		// A description copied from a sibling operation: the name says
		// what this one does.
		{"cancelCrawlItem", "Create a crawl resource.", "cancel the crawl item"},
		{"deleteWebhook", "Returns the webhook's settings.", "delete the webhook"},
		{"addPet", "Search for registered domains.", "add the pet"},
		// Other words for what the name says, or a description naming
		// the name's verb, stand.
		{"deleteWebhook", "Removes a webhook from the account.", "remove a webhook from the account"},
		{"createOrder", "Place an order for the items in the cart.", "place an order for the items in the cart"},
		{"cancelJob", "Stops a running job and cancels its pending tasks.", "stop a running job and cancel its pending tasks"},
		{"getToken", "Creates an access token for the client.", "create an access token for the client"},
		{"updateSchedule", "View for reading, updating and listing the schedule.", "view for reading, updating and listing the schedule"},
		{"Place.pairing", "Gets the state of the pairing window.", "get the state of the pairing window"},
		{"Place_GetStreetsByPostCode", "Gets the streets associated with a post code.", "get the streets associated with a post code"},
		{"deletePaymentBatch", "Disable a payment batch.", "disable a payment batch"},
	}
	for _, c := range cases {
		if got := Purpose(c.name, c.desc); got != c.want {
			t.Errorf("Purpose(%q, %q) = %q, want %q", c.name, c.desc, got, c.want)
		}
	}
}

func TestPurposeNeverPastesALongDescription(t *testing.T) {
	d := "Creates a new support ticket in the helpdesk system and queues it for the next available agent, notifying the customer by email when an agent picks it up."
	got := Purpose("create_ticket", d)
	if strings.Contains(strings.ToLower(d), got) && len(strings.Fields(got)) > maxWords {
		t.Fatalf("purpose %q is the description", got)
	}
	if len(strings.Fields(got)) > maxWords+1 {
		t.Fatalf("purpose %q is longer than %d words", got, maxWords)
	}
}

func TestParamNoun(t *testing.T) {
	cases := []struct{ param, desc, want string }{
		{"ticket_id", "ID of the ticket to be changed", "ticket ID"},
		{"distanceToNextVehicle", "", "distance to next vehicle"},
		{"ext", "Expected response format", "expected response format"},
		{"q", "The search query to run", "search query"},
		{"city", "The name of the city", "city"},
		{"$.body.order_id", "", "order ID"},
		{"X-Request-Priority", "", "request priority"},
		{"model[audio_in]", "", "audio in"},
		{"filter[name]", "", "name"},
	}
	for _, c := range cases {
		if got := ParamNoun(c.param, c.desc); got != c.want {
			t.Errorf("ParamNoun(%q, %q) = %q, want %q", c.param, c.desc, got, c.want)
		}
	}
}

func TestPastAndCounts(t *testing.T) {
	for in, want := range map[string]string{
		"create a ticket and queue it": "created a ticket and queued it",
		"get the zipcode":              "got the zipcode",
		"copy a file":                  "copied a file",
		"log in":                       "logged in",
		"withdraw funds":               "withdrew funds",
		"set a reminder":               "set a reminder",
		"pay an invoice":               "paid an invoice",
		"drop a table":                 "dropped a table",
	} {
		if got := Past(in); got != want {
			t.Errorf("Past(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"tweet_count": "tweets", "numFollowers": "followers", "price": "", "total_orders": "orders",
		// What happened to the things counts them; it takes no plural.
		"received_count": "received", "sent_count": "sent", "num_completed": "completed", "unread_count": "", "bed_count": "beds", "feed_count": "feeds",
		"following_count": "following", "listing_count": "listings"} {
		if got := CountOf(in); got != want {
			t.Errorf("CountOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPurposeThirdPersonVerbs(t *testing.T) {
	for d, want := range map[string]string{
		"Navigates to the destination.":  "navigate to the destination",
		"Multiply two numbers.":          "multiply two numbers",
		"Comment on a tweet for a user.": "comment on a tweet for a user",
	} {
		if got := Purpose("x", d); got != want {
			t.Errorf("Purpose(%q) = %q, want %q", d, got, want)
		}
	}
}

func TestPurposeEveryVerbImperative(t *testing.T) {
	if got := Purpose("x", "Confirm an order from a quote and submits it to the factory."); got != "confirm an order from a quote and submit it to the factory" {
		t.Errorf("got %q", got)
	}
}

func TestShort(t *testing.T) {
	for in, want := range map[string]string{
		"book a flight given the travel information":  "book a flight",
		"post a tweet for the authenticated user":     "post a tweet",
		"convert the gallon to liter":                 "convert the gallon to liter",
		"display the contents of a file":              "display the contents of a file",
		"get the zipcode based on the city":           "get the zipcode",
		"get all tickets created by the current user": "get all tickets created by the current user",
		"create a file in the current directory":      "create a file",
		"let the user sign in to the portal":          "let the user sign in to the portal",
		"move a file or folder at the path":           "move a file or folder",
		"take a quick look at the file":               "take a quick look at the file",
		"take a look at the file":                     "take a look at the file",
		"add a user to a workspace":                   "add a user to a workspace",
		"remove a user from a workspace":              "remove a user",
		// A cut never leaves the phrase hanging on a preposition or an
		// article.
		"randomize the order at which statuses will be sent":                   "randomize the order",
		"get the energy differential intensity of a particle at a given angle": "get the energy differential intensity of a particle",
	} {
		if got := Short(in); got != want {
			t.Errorf("Short(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRephrase(t *testing.T) {
	seen := map[string]bool{}
	for seed := range uint64(40) {
		r := rand.New(rand.NewPCG(seed, 7))
		got := Rephrase(r, "get details of the issue")
		if !strings.HasSuffix(got, " the issue") {
			t.Fatalf("Rephrase kept %q of the purpose", got)
		}
		seen[got] = true
		// Every opening has a past tense an answer can say.
		if p := Past(got); strings.HasPrefix(p, strings.Fields(got)[0]+" ") && strings.Fields(got)[0] != "set" {
			t.Fatalf("no past tense for %q: %q", got, p)
		}
	}
	if len(seen) < 4 {
		t.Fatalf("only %d phrasings: %v", len(seen), seen)
	}
	if got := Rephrase(rand.New(rand.NewPCG(1, 1)), "translate the text"); got != "translate the text" {
		t.Fatalf("Rephrase changed %q", got)
	}
}

// A description offering several actions is asked for as one.
func TestPurposeKeepsOneAction(t *testing.T) {
	for _, c := range [][3]string{
		{"create_directory", "Create a new directory or ensure a directory exists. Can create nested directories.", "create a new directory"},
		{"move_file", "Move or rename files and directories.", "move files and directories"},
		{"write_file", "Create a new file or completely overwrite an existing file with new content.", "create a new file"},
		{"read_media_file", "Read a file and return it as a base64-encoded content block.", "read a file"},
		{"search_files", "Recursively search for files and directories matching a pattern.", "search for files and directories matching a pattern"},
		{"read_multiple_files", "Read the contents of multiple files simultaneously.", "read the contents of several files"},
	} {
		if got := Purpose(c[0], c[1]); got != c[2] {
			t.Errorf("Purpose(%q) = %q, want %q", c[0], got, c[2])
		}
	}
}

// Records are said by their names, relations as sentences.
func TestValueOfRecords(t *testing.T) {
	files := []any{map[string]any{"path": "src/main.go", "content": "package main"}}
	if got := Value("files", files); got != "files src/main.go with content package main" {
		t.Errorf("files said as %q", got)
	}
	rel := []any{map[string]any{"from": "Ana Ruiz", "to": "Acme", "relationType": "works_at"}}
	if got := Value("relations", rel); got != "relations Ana Ruiz works at Acme" {
		t.Errorf("relations said as %q", got)
	}
}

func TestWithArticle(t *testing.T) {
	for in, want := range map[string]string{
		"invoice": "an invoice", "user": "a user", "MP3 audio file": "an MP3 audio file", "PNG image": "a PNG image",
		"SVG image": "an SVG image", "JPEG image": "a JPEG image", "auditor": "an auditor", "tailor": "a tailor",
	} {
		if got := WithArticle(in); got != want {
			t.Errorf("WithArticle(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestValueSaysAnEditAsAReplacement(t *testing.T) {
	edits := []any{
		map[string]any{"oldText": "- Move the launch to June", "newText": "- Review every Friday"},
		map[string]any{"oldText": "x = 1", "newText": "x = 2"},
	}
	want := `replace "- Move the launch to June" with "- Review every Friday" and replace "x = 1" with "x = 2"`
	if got := Value("edits", edits); got != want {
		t.Errorf("Value = %q\nwant    %q", got, want)
	}
}

// Named records in a list are told apart: each one's kind and notes are in
// brackets after its name, every note in quotes, so one record's notes do
// not run into the next one's name.
func TestValueOfListedRecordsKeepsEachApart(t *testing.T) {
	entities := []any{
		map[string]any{"name": "Laura Nguyen", "entityType": "person", "observations": []any{"Allergic to peanuts"}},
		map[string]any{"name": "Sage Bionetworks", "entityType": "organization", "observations": []any{"Founded in 1998", "Has about 645 employees"}},
	}
	want := `entities Laura Nguyen (a person; "Allergic to peanuts") and Sage Bionetworks (an organization; "Founded in 1998", "Has about 645 employees")`
	if got := Value("entities", entities); got != want {
		t.Errorf("Value = %q\nwant    %q", got, want)
	}
	deletions := []any{map[string]any{"entityName": "Gene McLaughlin", "observations": []any{"Speaks Portuguese and English", "Vegan"}}}
	if got, want := Value("deletions", deletions), `deletions Gene McLaughlin ("Speaks Portuguese and English", Vegan)`; got != want {
		t.Errorf("Value = %q\nwant    %q", got, want)
	}
}

// A tool said to "handle" an event is asked for as the event: "log in",
// not "handle user login".
func TestPurposeOfHandlingAnEvent(t *testing.T) {
	for desc, want := range map[string]string{
		"Handle user login.":                      "log in",
		"Handle user logout for trading system.":  "log out of the trading system",
		"Handle incoming webhooks from partners.": "handle incoming webhooks from partners",
	} {
		if got := Purpose("x", desc); got != want {
			t.Errorf("Purpose(%q) = %q, want %q", desc, got, want)
		}
	}
}

func TestMeasured(t *testing.T) {
	for _, c := range []struct{ words, value, noun, measure string }{
		{"size bytes", "579", "size", "579 bytes"},
		{"duration seconds", "228", "duration", "228 seconds"},
		{"duration in seconds", "1", "duration", "1 second"},
		{"average discount percent", "42.5", "average discount", "42.5%"},
		{"latency ms", "40", "latency", "40 ms"},
	} {
		noun, measure, ok := Measured(c.words, c.value)
		if !ok || noun != c.noun || measure != c.measure {
			t.Errorf("Measured(%q, %q) = %q, %q, %v; want %q, %q", c.words, c.value, noun, measure, ok, c.noun, c.measure)
		}
	}
	for _, c := range [][2]string{{"bytes", "5"}, {"size bytes", "large"}, {"file name", "7"}} {
		if _, _, ok := Measured(c[0], c[1]); ok {
			t.Errorf("Measured(%q, %q) measured", c[0], c[1])
		}
	}
}

// A participle or an adjective naming a list takes no plural ("3
// flagged"); nouns do.
func TestPluralOfAParticiple(t *testing.T) {
	for in, want := range map[string]string{"flagged": "flagged", "received": "received", "sent": "sent", "item": "items", "feed": "feeds", "entry": "entries", "read": "reads",
		"following": "following", "listing": "listings", "booking": "bookings"} {
		if got := Plural(in); got != want {
			t.Errorf("Plural(%q) = %q, want %q", in, got, want)
		}
	}
}

// An operation with no description a user could say is asked for by its
// name's words: the verb where the name says it (at its start, after its
// route or ending it), the method's when none does; a route's placeholders
// name no thing, bulk and collection operations act on several things,
// and no identifier is said as it is written.
func TestPurposeFromAnOperationName(t *testing.T) {
	for _, c := range []struct{ name, desc, want string }{
		{"workspaces.workspace_gid.addUser.post", "The user can be referenced by their globally unique user ID or their email address.", "add a user to a workspace"},
		{"workspaces.workspace_gid.removeUser.post", "The user making this call must be an admin in the workspace.", "remove a user from a workspace"},
		{"workspaces.workspace_gid.put", "A specific, existing workspace can be updated by making a PUT request on the URL for that workspace.", "update the workspace"},
		{"custom_fields.custom_field_gid.delete", "A specific, existing custom field can be deleted by making a DELETE request on the URL for that custom field.", "delete the custom field"},
		{"createContactEntityBulk", "POST bulk  for contact \nAdd contact into the system", "create contacts in bulk"},
		{"deleteAccountCollectionBulk", "DELETE bulk  for account", "delete accounts in bulk"},
		{"updateCampaignEntityBulk", "PUT bulk  for campaign", "update campaigns in bulk"},
		{"deleteAttachmentEntity", "DELETE for attachment ", "delete the attachment"},
		{"getCommentDescribe", "DESCRIBE for comment \nReturns describe for comments", "describe the comment fields"},
		{"getProjectCountCollection", "COUNT for project \nCount all projects from the system", "count the projects"},
		{"getTagAggregate", "AGGREGATE for tag \nReturns aggregate for tags", "aggregate the tags"},
		{"eSearch.searchEntry", "", "search the entries"},
		{"eSearch.searchEntry", "eSearch.searchEntry", "search the entries"},
		{"buckets.bucketId.todolists.todolistId.todos.json.post", "buckets.bucketId.todolists.todolistId.todos.json.post", "create a todo in a todolist"},
		{"cancelUpgrade", "cancelUpgrade", "cancel the upgrade"},
		{"addBoardsPowerUpsByIdBoard", "addBoardsPowerUpsByIdBoard()", "add the boards power ups by board"},
		{"projects.project_gid.duplicate.post", "", "duplicate the project"},
	} {
		got := Purpose(c.name, c.desc)
		if got != c.want {
			t.Errorf("Purpose(%q, %q) = %q, want %q", c.name, c.desc, got, c.want)
		}
	}
}

// A sentence cut before its verb ("The user making this call must be …")
// names no thing to get.
func TestPurposeOfACutSentence(t *testing.T) {
	if got := Purpose("x", "The user making this call must be an admin in the workspace."); strings.Contains(got, "making") {
		t.Errorf("Purpose = %q, want no cut sentence", got)
	}
}

// A description whose article does not fit its noun ("Delete an schema")
// is asked for with the one that does.
func TestPurposeArticle(t *testing.T) {
	for d, want := range map[string]string{"Delete an schema": "delete a schema", "Create a invoice for the order": "create an invoice for the order", "Get an user": "get a user"} {
		if got := Purpose("x", d); got != want {
			t.Errorf("Purpose(%q) = %q, want %q", d, got, want)
		}
	}
}

// A lone comma a clause cut leaves as an empty word is no word: lowering
// it never breaks the purpose.
func TestLowerWordEmpty(t *testing.T) {
	if got := lowerWords([]string{"", "Get"}); got[0] != "" || got[1] != "get" {
		t.Errorf("lowerWords = %q", got)
	}
}

// A route's placeholder is said as the ID it is: "workspace ID 56337415",
// never "workspace gid".
func TestPhrasePlaceholderID(t *testing.T) {
	for id, want := range map[string]string{"workspace_gid": "workspace ID", "task_gid": "task ID", "userGuid": "user ID", "ticket_id": "ticket ID"} {
		if got := ParamNoun(id, ""); got != want {
			t.Errorf("ParamNoun(%q) = %q, want %q", id, got, want)
		}
	}
}

// A description that opens with a gerund as a sentence's subject asks for
// what the gerund does ("Creating a new task is as easy as POSTing …" is
// "create a new task"), a set of things after "some" is those things, and
// a shortened request leaves no participle hanging.
func TestPurposeSentenceShapes(t *testing.T) {
	for d, want := range map[string]string{
		"Creating a new task is as easy as POSTing to the /tasks endpoint with a data block": "create a new task",
		"Returns the compact project records for some filtered set of projects.":             "get the compact project records for some filtered projects",
	} {
		if got := Purpose("x", d); got != want {
			t.Errorf("Purpose(%q) = %q, want %q", d, got, want)
		}
	}
	for p, want := range map[string]string{
		"create a project shared with the team":           "create a project",
		"get all security advisories published in a year": "get all security advisories",
		"book a flight given the travel information":      "book a flight",
	} {
		if got := Short(p); got != want {
			t.Errorf("Short(%q) = %q, want %q", p, got, want)
		}
	}
}

// A type the operation's name holds is said in words, a product's name
// stays; a name whose version parts the service from the operation
// (…RegistryV1GetStockStatusBySkuGet), or that ends on its method
// (getSnapshotUsingGET), is asked for by its operation.
func TestPurposeTypeAndVersionedNames(t *testing.T) {
	for _, c := range []struct{ name, desc, want string }{
		{"readCoreV1NamespacedServiceAccount", "read the specified ServiceAccount", "read the service account"},
		{"compute.sslCertificates.get", "Returns the specified SslCertificate resource.", "get the SSL certificate resource"},
		{"cuePoint.updateStatus", "Change cuePoint status by id", "change cue point status by id"},
		{"codePushDeployments_create", "Creates a CodePush Deployment for the given app", "create a code push deployment for the app"},
		{"deploymentReleases_update", "Modifies a CodePush release metadata under the given Deployment", "modify a CodePush release metadata under the deployment"},
		{"catalogInventoryStockRegistryV1GetStockStatusBySkuGet", "catalogInventoryStockRegistryV1GetStockStatusBySkuGet", "get the stock status by sku"},
		{"getSnapshotUsingGET", "getSnapshot", "get the snapshot"},
		{"catalogProductRepositoryV1DeleteByIdDelete", "catalogProductRepositoryV1DeleteByIdDelete", "delete the catalog product repository"},
		{"adsensehost.accounts.get", "Get information about the selected associated AdSense account.", "get information about the selected associated AdSense account"},
	} {
		if got := Purpose(c.name, c.desc); got != c.want {
			t.Errorf("Purpose(%q, %q) = %q, want %q", c.name, c.desc, got, c.want)
		}
	}
}

// A long description cut to a request never ends on "all" ("get the
// compact representation of all"), and an operation that aborts says so.
func TestPurposeCutKeepsWhatAllCounts(t *testing.T) {
	d := "Returns a list of the compact representation of all of the custom fields in a workspace."
	if got := Purpose("x", d); strings.HasSuffix(got, " all") || strings.HasSuffix(got, " of") {
		t.Errorf("Purpose(%q) = %q", d, got)
	}
	d = "Provides the details for all of a location's cash drawer shifts during a date range."
	if got := Purpose("x", d); strings.HasSuffix(got, " during") {
		t.Errorf("Purpose(%q) = %q", d, got)
	}
	if got := Purpose("jobs.abortBulkUpload", "batch abortBulkUploadAction aborts and returns the status of bulk upload task"); got != "abort the bulk upload" {
		t.Errorf("Purpose(jobs.abortBulkUpload) = %q, want %q", got, "abort the bulk upload")
	}
}

// A name no verb leads is asked for as what it names: an event, a
// question, things to get; a name led by "bulk" acts on several things.
func TestPurposeUnverbedNames(t *testing.T) {
	for _, c := range []struct{ name, desc, want string }{
		{"Login", "Login ", "log in"},
		{"AreGamesInProgress", "Are Games In Progress ", "check whether games are in progress"},
		{"areMetricsExposed", "areMetricsExposed", "check whether metrics are exposed"},
		{"Schedules", "Schedules", "get the schedules"},
		{"active_sessions", "&nbsp; <i class=\"fa fa-lg fa-unlock-alt\"></i>", "get the active sessions"},
		{"acknowledgeOrders", "", "use the acknowledge orders tool"},
		{"vision.files.annotate", "", "use the vision files annotate tool"},
		{"RecognizePrintedText", "", "use the recognize printed text tool"},
		{"batch.suspendJobs", "", "suspend the jobs"},
		{"bulkDeleteAdsByListingId", "This method works with listing IDs created with either the Trading API", "delete ads in bulk"},
	} {
		if got := Purpose(c.name, c.desc); got != c.want {
			t.Errorf("Purpose(%q, %q) = %q, want %q", c.name, c.desc, got, c.want)
		}
	}
}

// A place said as one of two is the one the user's values name: "in the
// specified workspace or organization" is "in the workspace".
func TestPurposePlaceOfTwo(t *testing.T) {
	for d, want := range map[string]string{
		"Returns the user records for all users in the specified workspace or organization.": "get the user records for all users in the workspace",
		"Creates a new tag in a workspace or organization.":                                  "create a new tag in a workspace",
	} {
		if got := Purpose("x", d); got != want {
			t.Errorf("Purpose(%q) = %q, want %q", d, got, want)
		}
	}
}
