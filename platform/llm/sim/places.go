package sim

import (
	"maps"
	"slices"
	"strings"
	"unicode"
)

// place is one real city with the state or region and the country it lies
// in, so that the fields of one address name one place: Austin is in Texas,
// in the United States, with a Texan postcode.
type place struct {
	city, state string
	// abbr is the state's or region's code ("TX", "NSW").
	abbr                 string
	country, code, code3 string
	// postcode is the shape of the city's postal codes: '#' a digit, '@' a
	// capital letter, anything else itself.
	postcode string
	// quarters are neighbourhoods of the city, for a suburb or district.
	quarters []string
}

// places are the cities addresses are drawn from.
var places = []place{
	{"Austin", "Texas", "TX", "United States", "US", "USA", "787##", []string{"Hyde Park", "Travis Heights", "Mueller"}},
	{"Seattle", "Washington", "WA", "United States", "US", "USA", "981##", []string{"Ballard", "Capitol Hill", "Fremont"}},
	{"Chicago", "Illinois", "IL", "United States", "US", "USA", "606##", []string{"Lincoln Park", "Wicker Park", "Hyde Park"}},
	{"Denver", "Colorado", "CO", "United States", "US", "USA", "802##", []string{"Capitol Hill", "Highland", "Cherry Creek"}},
	{"Boston", "Massachusetts", "MA", "United States", "US", "USA", "021##", []string{"Back Bay", "Beacon Hill", "Dorchester"}},
	{"Portland", "Oregon", "OR", "United States", "US", "USA", "972##", []string{"Pearl District", "Alberta Arts", "Sellwood"}},
	{"Atlanta", "Georgia", "GA", "United States", "US", "USA", "303##", []string{"Midtown", "Inman Park", "Buckhead"}},
	{"Orlando", "Florida", "FL", "United States", "US", "USA", "328##", []string{"Thornton Park", "College Park", "Baldwin Park"}},
	{"Toronto", "Ontario", "ON", "Canada", "CA", "CAN", "M#@ #@#", []string{"Leslieville", "The Annex", "Liberty Village"}},
	{"Vancouver", "British Columbia", "BC", "Canada", "CA", "CAN", "V#@ #@#", []string{"Kitsilano", "Gastown", "Mount Pleasant"}},
	{"London", "England", "ENG", "United Kingdom", "GB", "GBR", "N# #@@", []string{"Islington", "Camden", "Hackney"}},
	{"Manchester", "England", "ENG", "United Kingdom", "GB", "GBR", "M# #@@", []string{"Didsbury", "Ancoats", "Chorlton"}},
	{"Edinburgh", "Scotland", "SCT", "United Kingdom", "GB", "GBR", "EH# #@@", []string{"Leith", "Stockbridge", "Morningside"}},
	{"Dublin", "Leinster", "L", "Ireland", "IE", "IRL", "D0# @#@#", []string{"Rathmines", "Ranelagh", "Drumcondra"}},
	{"Berlin", "Berlin", "BE", "Germany", "DE", "DEU", "10###", []string{"Kreuzberg", "Mitte", "Prenzlauer Berg"}},
	{"Munich", "Bavaria", "BY", "Germany", "DE", "DEU", "80###", []string{"Schwabing", "Maxvorstadt", "Haidhausen"}},
	{"Lyon", "Auvergne-Rhône-Alpes", "ARA", "France", "FR", "FRA", "6900#", []string{"Croix-Rousse", "Confluence", "Part-Dieu"}},
	{"Paris", "Île-de-France", "IDF", "France", "FR", "FRA", "750##", []string{"Le Marais", "Montmartre", "Belleville"}},
	{"Madrid", "Community of Madrid", "MD", "Spain", "ES", "ESP", "280##", []string{"Malasaña", "Chamberí", "Salamanca"}},
	{"Barcelona", "Catalonia", "CT", "Spain", "ES", "ESP", "080##", []string{"Gràcia", "Eixample", "El Born"}},
	{"Lisbon", "Lisbon", "11", "Portugal", "PT", "PRT", "1###-###", []string{"Alfama", "Bairro Alto", "Campo de Ourique"}},
	{"Porto", "Porto", "13", "Portugal", "PT", "PRT", "4###-###", []string{"Ribeira", "Boavista", "Foz do Douro"}},
	{"Milan", "Lombardy", "LOM", "Italy", "IT", "ITA", "201##", []string{"Brera", "Navigli", "Isola"}},
	{"Amsterdam", "North Holland", "NH", "Netherlands", "NL", "NLD", "10## @@", []string{"Jordaan", "De Pijp", "Oost"}},
	{"Stockholm", "Stockholm County", "AB", "Sweden", "SE", "SWE", "1## ##", []string{"Södermalm", "Östermalm", "Vasastan"}},
	{"Sydney", "New South Wales", "NSW", "Australia", "AU", "AUS", "20##", []string{"Surry Hills", "Newtown", "Bondi"}},
	{"Melbourne", "Victoria", "VIC", "Australia", "AU", "AUS", "30##", []string{"Fitzroy", "Carlton", "St Kilda"}},
	{"Tokyo", "Tokyo", "13", "Japan", "JP", "JPN", "1##-####", []string{"Shibuya", "Shinjuku", "Asakusa"}},
	{"São Paulo", "São Paulo", "SP", "Brazil", "BR", "BRA", "0####-###", []string{"Pinheiros", "Vila Madalena", "Moema"}},
	{"Mexico City", "Mexico City", "CMX", "Mexico", "MX", "MEX", "0####", []string{"Roma Norte", "Condesa", "Coyoacán"}},
	{"Bengaluru", "Karnataka", "KA", "India", "IN", "IND", "560###", []string{"Indiranagar", "Koramangala", "Jayanagar"}},
}

// usPlaces is how many of places, first, are in the United States.
const usPlaces = 8

// placeScope is the place the fields of one object speak of; nil outside
// an object, empty until a field names a place.
type placeScope struct {
	p *place
	// us is set where the object's fields are American ones (a zip code,
	// a two-letter state code).
	us bool
}

// usPlace reports whether the city is one of the American places.
func usPlace(city string) bool {
	for _, p := range places[:usPlaces] {
		if p.city == city {
			return true
		}
	}
	return false
}

// americanFields reports whether an object's properties ask for an
// American address: a zip code or a state's two-letter code.
func americanFields(props map[string]any) bool {
	for k, p := range props {
		d, _ := p.(map[string]any)
		desc, _ := d["description"].(string)
		desc = strings.ToLower(desc)
		if hasAny(normalise(k), "zip", "zipcode", "zip_code") || strings.Contains(desc, "zip code") || strings.Contains(desc, "state code") {
			return true
		}
	}
	return false
}

// here is the place the current object's address fields name: the one the
// object has named already, else the plan's remembered place (one plan
// speaks of one city), else a new one. List items and Different draw new
// ones. A new place is one in the United States when us is set: a zip
// code and a state are what American addresses have.
func (v *Values) here(us bool) *place {
	if v.scope != nil && v.scope.p != nil {
		return v.scope.p
	}
	us = us || v.scope != nil && v.scope.us
	if p := placeAsked(v.args); v.output > 0 && p != nil {
		// A response is about the place its call asked for: regions in
		// Florida are in Florida's cities.
		if v.scope != nil {
			v.scope.p = p
		}
		return p
	}
	p := &places[0]
	if name, ok := v.mem["place"]; ok && v.fresh == 0 && (!us || usPlace(name)) {
		for i := range places {
			if places[i].city == name {
				p = &places[i]
			}
		}
	} else {
		p = &places[v.r.IntN(len(places))]
		if us {
			p = &places[v.r.IntN(usPlaces)]
		}
		if v.fresh == 0 {
			v.mem["place"] = p.city
		}
	}
	if v.scope != nil {
		v.scope.p = p
	}
	return p
}

// postcodeIn draws a postal code of the place's shape.
func (v *Values) postcodeIn(p *place) string {
	var b strings.Builder
	for _, c := range p.postcode {
		switch c {
		case '#':
			b.WriteByte(byte('0' + v.r.IntN(10)))
		case '@':
			b.WriteByte("ABCDEFGHJKLMNPRSTUVWXY"[v.r.IntN(22)])
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// addressField reports whether a field is one line of an address, not a
// trip's end (an origin and a destination are two places).
func addressField(f field) bool {
	return !hasAny(f.norm, "from", "to", "origin", "destination", "departure", "arrival", "source_city", "dest", "birth", "home_town", "hometown")
}

// quarterField reports whether a city-like field names a part of a city.
func quarterField(f field) bool {
	return hasAny(f.norm, "suburb", "district", "neighbourhood", "neighborhood", "quarter", "borough")
}

// names reports whether s names the scope's place: a city and its
// locality may be one town.
func (sc *placeScope) names(s string) bool {
	if sc == nil || sc.p == nil {
		return false
	}
	p := sc.p
	return s == p.city || s == p.state || s == p.country || s == p.code || s == p.code3
}

// placeAsked is the place a call's place arguments (a city, a state, a
// country) name, nil when they name none of places.
func placeAsked(args map[string]any) *place {
	for _, k := range slices.Sorted(maps.Keys(args)) {
		text, ok := args[k].(string)
		if !ok || !hasAny(normalise(k), "city", "town", "locality", "state", "region", "province") {
			continue
		}
		for i := range places {
			p := &places[i]
			if text == p.city || text == p.state || text == p.abbr && len(text) == 2 && !unicode.IsDigit(rune(text[0])) {
				return p
			}
		}
	}
	return nil
}

// city is a city, or a part of one, for the field.
func (v *Values) city(f field) string {
	if !addressField(f) {
		return v.f.City() // a trip's two ends are two places
	}
	if quarterField(f) {
		return v.pick(v.here(false).quarters)
	}
	return v.here(false).city
}
