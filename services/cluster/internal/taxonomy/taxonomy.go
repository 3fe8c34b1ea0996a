// Package taxonomy assigns a domain from a fixed list of at most 64 when a
// corpus carries no domain labels, so Domain Entropy is computed over a
// bounded, stable label set and never over per-service labels.
package taxonomy

import (
	"sort"
	"strings"
)

// Domain is one taxonomy entry and the words that point to it.
type Domain struct {
	Name  string
	Words []string
}

// Domains is the fixed taxonomy: the APIs.guru categories, the BFCL labels
// and a few common MCP areas. It must stay at most 64 entries.
var Domains = build(`
analytics: analytics metric report dashboard statistic insight tracking event funnel segment
automotive: vehicle car engine fuel tire door brake battery drive navigation speed
agent_memory: memory archival recall core remember context knowledge graph entity entities relation relations observation observations node nodes
backend: backend database table record schema baas function serverless
calendar: calendar event meeting schedule appointment attendee invite availability
cloud: cloud instance vm virtual cluster region subscription resource azure aws gcp compute bucket container kubernetes deployment
collaboration: collaboration team workspace project board card wiki document comment share
customer_relation: crm customer contact lead deal opportunity account pipeline
customer_support_ticketing: ticket support issue incident helpdesk priority agent escalate resolve
developer_tools: repository repo commit branch pull build pipeline ci code issue release git package api key webhook
ecommerce: product order cart checkout shop store inventory sku catalog shipping coupon
education: course student lesson class school teacher grade quiz learning
email: email mail inbox message smtp mailbox recipient attachment newsletter
enterprise: enterprise employee hr payroll erp workflow approval department
entertainment: movie music song game video show episode artist album playlist
file_system: file directory folder path cd mkdir ls disk filesystem touch grep
finance_trading: stock trade order portfolio watchlist market symbol ticker price share exchange
financial: bank account transaction balance invoice payment currency loan credit finance accounting tax
health: health patient doctor medical clinic medication diagnosis fitness
hosting: hosting domain dns server website ssl certificate
iot: device sensor thing iot telemetry gateway firmware home
location: location map geocode address place coordinate latitude longitude route distance
machine_learning: model training prediction inference dataset classify embedding neural
marketing: campaign marketing audience ad advertising seo promotion subscriber
math: math add subtract multiply divide sum mean logarithm square root number calculate
media: image photo media video upload picture thumbnail transcode stream
messaging: message chat sms channel conversation send inbox notification contact
monitoring: monitor alert uptime log check status incident metric
open_data: open data government dataset public census statistic
payment: payment charge refund card subscription checkout payout billing
search: search query index result rank autocomplete
security: security auth token password permission vulnerability scan threat certificate identity
social: social post follow friend like profile user feed timeline
social_media: tweet retweet post follow mention hashtag comment timeline
storage: storage object bucket blob file backup archive
support: support faq help article knowledge ticket
telecom: phone call number sms carrier telecom voice
text: text translate language sentiment nlp word grammar summarize spell
time_management: time task todo timer timesheet project reminder
tools: tool utility convert generate validate qr shorten
transport: transport transit bus train flight airport schedule trip station
travel_booking: travel flight booking hotel reservation trip passenger airport ticket insurance
weather: weather forecast temperature climate rain wind
web_search: web search engine page url browse crawl scrape
uncategorized: misc general other
`)

func build(spec string) []Domain {
	var out []Domain
	for _, line := range strings.Split(strings.TrimSpace(spec), "\n") {
		name, words, _ := strings.Cut(line, ":")
		out = append(out, Domain{Name: strings.TrimSpace(name), Words: strings.Fields(words)})
	}
	if len(out) > 64 {
		panic("taxonomy: more than 64 domains")
	}
	return out
}

var index = func() map[string][]int {
	m := map[string][]int{}
	for i, d := range Domains {
		for _, w := range d.Words {
			m[w] = append(m[w], i)
		}
	}
	return m
}()

// Classify returns the taxonomy domain whose words the given words hit most,
// each hit weighted by how specific the word is (shared words count less);
// "uncategorized" when nothing matches.
func Classify(words []string) string {
	score := make([]float64, len(Domains))
	for _, w := range words {
		ds := index[w]
		for _, d := range ds {
			score[d] += 1 / float64(len(ds))
		}
	}
	best := -1
	for i, s := range score {
		if s > 0 && (best < 0 || s > score[best]) {
			best = i
		}
	}
	if best < 0 {
		return "uncategorized"
	}
	return Domains[best].Name
}

// Names lists the taxonomy's domain names, sorted.
func Names() []string {
	out := make([]string, len(Domains))
	for i, d := range Domains {
		out[i] = d.Name
	}
	sort.Strings(out)
	return out
}
