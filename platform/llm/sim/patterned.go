package sim

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// shapedBy is a value of the field's meaning in the shape a pattern too
// rich for fromPattern spells out: an ARN of the pattern's service and
// resource type ("arn:aws:appflow:…:flow/…", "…:hsm-1a2b3c4d", IAM's
// "arn:aws:iam::…:role/…"), a moment in the layout a pattern of a date and
// time gives, a phone number in E.164, an S3 object's address. It reports
// false when none fits.
func (v *Values) shapedBy(pat string, re *regexp.Regexp, f field) (string, bool) {
	if alts := literalAlternatives(pat); len(alts) > 0 {
		return alts[v.r.IntN(len(alts))], true // "^(Owner|Viewer|Contributor)$": one of them
	}
	var tries []string
	switch {
	case f.kind == kARN || strings.Contains(pat, "arn:"):
		tries = v.arnsFor(pat, f)
	case f.kind == kPhone:
		n := v.f.DigitN(9)
		tries = []string{"+1" + fmt.Sprint(2+v.r.IntN(8)) + n, "1" + fmt.Sprint(2+v.r.IntN(8)) + n} // E.164
	case f.kind == kUUID || f.kind == kID:
		// A Cognito identity's id: its region, then a UUID; an Alexa
		// skill's: the literal prefix its pattern gives, then hex digits.
		tries = []string{v.pick(cloudRegions[:6]) + ":" + v.uuid(), v.uuid()}
		if p := literalPrefix(pat); p != "" {
			tries = append(tries, p+v.uuid(), p+v.hex(12), p+v.slug())
		}
	case f.kind == kDate || f.kind == kDateTime || f.kind == kDOB || strings.Contains(pat, `\d{4}-`):
		t := v.date(f)
		for _, l := range []string{time.RFC3339, "2006-01-02T15:04:05Z", "2006-01-02T15:04:05.000Z", "2006-01-02T15:04:05", "2006-01-02"} {
			tries = append(tries, t.UTC().Format(l))
		}
	}
	if strings.Contains(pat, `3:\/\/`) || strings.Contains(pat, "s3://") {
		// An S3 object's address.
		tries = append(tries, "s3://"+v.slug()+"/"+v.fileName(field{}), "S3://"+v.slug()+"/"+v.fileName(field{}))
	}
	for _, x := range tries {
		if re.MatchString(x) {
			return x, true
		}
	}
	return "", false
}

var (
	// arnService is the service an ARN pattern names ("arn:aws:appflow:").
	arnService = regexp.MustCompile(`arn:aws(?:\[[^\]]*\](?:[*+?]|\{[^}]*\})?|\([^)]*\)[?*+]?|[a-z-]*):([a-z0-9-]+):`)
	// literalAlternation is a pattern that lists the values it takes.
	literalAlternation = regexp.MustCompile(`^\^?\(?((?:[A-Za-z0-9_ -]|\\\.)+(?:\|(?:[A-Za-z0-9_ -]|\\\.)+)*)\)?\$?$`)
	// literalHead is the literal start of a pattern's first alternative
	// ("(^amzn1\.ask\.skill\.[0-9a-f\-]{1,200})|…").
	literalHead = regexp.MustCompile(`^\(?\^?((?:[A-Za-z0-9_-]|\\[./:])+)[\[(\\]`)
	// arnResourceType is the resource type an ARN pattern's last part
	// begins with ("type/", "project\/", "hapg-").
	arnResourceType = regexp.MustCompile(`:\(?\??([a-z][a-z0-9-]*)(\\?/|-|\[/\])[^:]*$`)
	// arnLoneService is a service a pattern sets apart in a group of its
	// own ("(arn):(aws|aws-cn):(iam)::\d{12}:role[/].*").
	arnLoneService = regexp.MustCompile(`:\(([a-z0-9-]+)\):`)
	// arnSlashType is a resource type a pattern writes before an escaped
	// slash, anywhere in it.
	arnSlashType = regexp.MustCompile(`[(|:]([a-z][a-z-]*)\\/`)
	// arnServiceChoice is a choice of services a pattern gives after the
	// partition ("arn:(aws|aws-cn):(iam|sts)::…").
	arnServiceChoice = regexp.MustCompile(`^\^?arn:(?:\([a-z|-]+\)|aws[^:]*):\(([a-z0-9-]+)\|[a-z0-9|-]+\):`)
)

// arnsFor are ARNs of the service and resource type a pattern names, with
// the resource's id as a slug, as eight hex digits, or as a UUID.
func (v *Values) arnsFor(pat string, f field) []string {
	svc := v.arnService(f)
	if m := arnService.FindStringSubmatch(pat); m != nil {
		svc = m[1]
	} else if m := arnLoneService.FindStringSubmatch(pat); m != nil {
		svc = m[1]
	} else if m := arnServiceChoice.FindStringSubmatch(pat); m != nil {
		svc = m[1] // "(iam|sts)": the first the pattern allows
	}
	kind := ""
	if m := arnResourceType.FindStringSubmatch(pat); m != nil {
		kind = m[1] + strings.Trim(m[2], `\[]`)
	}
	if m := arnSlashType.FindStringSubmatch(pat); kind == "" && m != nil {
		kind = m[1] + "/" // "(root|(user\/[\w+=/:,.@-]{1,64}|…))": a user's
	}
	if kind == "" {
		if r := arnResource(f.name); r != "" {
			kind = r + "/"
		} else {
			kind = "key/"
		}
	}
	region, account := v.pick(cloudRegions[:6]), v.f.DigitN(12)
	head := fmt.Sprintf("arn:aws:%s:%s:%s:", svc, region, account)
	global := fmt.Sprintf("arn:aws:%s::%s:", svc, account) // IAM's ARNs name no region
	// CodeGuru's "code-review:…" parts its type from its id by a colon.
	colon := strings.TrimSuffix(kind, "/") + ":"
	return []string{head + kind + v.slug(), head + kind + v.hex(8), head + kind + v.uuid(), head + kind + v.hex(17), global + kind + v.slug(),
		head + colon + v.slug(), head + colon + v.uuid()}
}

// literalAlternatives are the values a pattern of literal alternatives
// lists ("^(Owner|Viewer|Contributor)$", "(hsm1\\.medium)").
func literalAlternatives(pat string) []string {
	m := literalAlternation.FindStringSubmatch(pat)
	if m == nil {
		return nil
	}
	return strings.Split(strings.ReplaceAll(m[1], `\.`, "."), "|")
}

// literalPrefix is the literal text a pattern's first alternative begins
// with, unescaped: "amzn1.ask.skill.".
func literalPrefix(pat string) string {
	m := literalHead.FindStringSubmatch(pat)
	if m == nil || len(m[1]) < 3 {
		return ""
	}
	return strings.NewReplacer(`\.`, ".", `\/`, "/", `\:`, ":").Replace(m[1])
}
