package sim

import (
	"path"
	"slices"
	"strings"
	"unicode"

	"github.com/tdscaling/tdscaling/platform/ident"
)

// Person is someone a conversation is with: the user who speaks, whose
// files live in their home folder (/home/<account>), and who signs the
// documents kept there. The planner names the persona after the user its
// values drew, and the tool simulator reads the same person's files, so
// "This is Chanel Walsh" works in /home/chanel.
type Person struct{ First, Last string }

// Name is the person's full name.
func (p Person) Name() string { return strings.TrimSpace(p.First + " " + p.Last) }

// Account is the person's login: their first name in lower-case letters.
func (p Person) Account() string {
	return strings.Map(func(r rune) rune {
		if r < unicode.MaxASCII && unicode.IsLetter(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, p.First)
}

// Home is the person's home folder.
func (p Person) Home() string { return "/home/" + p.Account() }

// PersonNamed reads a full name: the first word is the first name, the
// rest the surname.
func PersonNamed(name string) Person {
	first, last, _ := strings.Cut(strings.TrimSpace(name), " ")
	return Person{First: first, Last: strings.TrimSpace(last)}
}

// User is the conversation's user: drawn on first use, then the same for
// every value that speaks of them (a home folder, a document they sign).
func (v *Values) User() Person {
	if first, ok := v.mem["user:first"]; ok {
		return Person{First: first, Last: v.mem["user:last"]}
	}
	p := Person{First: v.f.FirstName(), Last: v.f.LastName()}
	for p.Account() == "" {
		p.First = v.f.FirstName()
	}
	v.SetUser(p)
	return p
}

// SetUser makes p the conversation's user.
func (v *Values) SetUser(p Person) {
	v.mem["user:first"], v.mem["user:last"] = p.First, p.Last
}

// UserOf is the conversation's user where paths fix a home folder the
// values did not draw (a corpus's example path, /Users/maria/notes.md):
// the person whose account it is, when the account is a first name,
// keeping the surname drawn. Else the user drawn.
func (v *Values) UserOf(paths []string) Person {
	u := v.User()
	for _, p := range paths {
		acct, ok := HomeAccount(p)
		if !ok || acct == u.Account() {
			continue
		}
		first := strings.ToUpper(acct[:1]) + acct[1:]
		if isFirstName(first) {
			u.First = first
			v.SetUser(u)
			return u
		}
	}
	return u
}

// HomeAccount is the account whose home folder p lies in (/home/ana/x →
// "ana", /Users/ana/x → "ana"); false for a path in no home.
func HomeAccount(p string) (string, bool) {
	if !strings.HasPrefix(p, "/") {
		return "", false
	}
	seg := strings.Split(strings.Trim(path.Clean(p), "/"), "/")
	if len(seg) < 2 || seg[0] != "home" && seg[0] != "Users" || seg[1] == "" {
		return "", false
	}
	return strings.ToLower(seg[1]), true
}

// selfWords say in a field's description that it holds the user's own
// name: the user's first name, the holder of the user's card, "your name".
var selfWords = []string{"of the user", "the user's", "cardholder", "card holder", "account holder", "your name", "your first", "your last", "your full", "current user", "account owner"}

// ownName is the user's own name, or the part of it, a person-name field
// asks for ("user_first_name", "cardholder_name", "The last name of the
// user"); false for a field about someone else (a contact, an author).
func (v *Values) ownName(f field) (string, bool) {
	if f.kind != kPerson && f.kind != kFirstName && f.kind != kLastName {
		return "", false
	}
	if !hasAny(f.norm, "user", "cardholder", "holder") && !slices.ContainsFunc(selfWords, func(w string) bool { return strings.Contains(f.text, w) }) {
		return "", false
	}
	if w := ident.Words(f.parent); v.fresh > 0 && len(w) > 0 && personNouns[w[len(w)-1]] {
		return "", false // a list's users are other people: "the user" is the one listed
	}
	u := v.User()
	switch f.kind {
	case kFirstName:
		return u.First, true
	case kLastName:
		return u.Last, true
	}
	return u.Name(), true
}

// ownUsername is the user's own login, for a username a login asks for
// (a tool that logs in or authenticates): the account of the person who
// speaks, not a stranger's ("This is Alanna King" logs in as alanna_k).
func (v *Values) ownUsername(f field) (string, bool) {
	if f.kind != kUsername || !hasAny(f.norm, "username", "user_name", "login") {
		return "", false
	}
	logsIn := slices.ContainsFunc(ident.Words(v.subj.tool), func(w string) bool {
		return w == "login" || w == "logon" || w == "signin" || w == "authenticate" || w == "auth"
	})
	if !logsIn && !strings.Contains(f.text, "your ") && !strings.Contains(f.text, "for authentication") {
		return "", false
	}
	key := "user:login"
	if s, ok := v.mem[key]; ok {
		return s, true
	}
	u := v.User()
	first, last := u.Account(), strings.ToLower(PersonNamed(u.Last).First)
	last = strings.Map(func(r rune) rune {
		if r < unicode.MaxASCII && unicode.IsLetter(r) {
			return r
		}
		return -1
	}, last)
	s := first
	if last != "" {
		s = v.pick([]string{first + "_" + last[:1], first + "." + last, first[:1] + last, first + "_" + last})
	}
	v.mem[key] = s
	return s, true
}
