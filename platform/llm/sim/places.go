package sim

import (
	"strings"
)

// place is one real city with the state or region and the country it lies
// in, so that the fields of one address name one place: Austin is in Texas,
// in the United States, with a Texan postcode.
type place struct {
	city, state, country, code, code3 string
	// postcode is the shape of the city's postal codes: '#' a digit, '@' a
	// capital letter, anything else itself.
	postcode string
	// quarters are neighbourhoods of the city, for a suburb or district.
	quarters []string
}

// places are the cities addresses are drawn from.
var places = []place{
	{"Austin", "Texas", "United States", "US", "USA", "787##", []string{"Hyde Park", "Travis Heights", "Mueller"}},
	{"Seattle", "Washington", "United States", "US", "USA", "981##", []string{"Ballard", "Capitol Hill", "Fremont"}},
	{"Chicago", "Illinois", "United States", "US", "USA", "606##", []string{"Lincoln Park", "Wicker Park", "Hyde Park"}},
	{"Denver", "Colorado", "United States", "US", "USA", "802##", []string{"Capitol Hill", "Highland", "Cherry Creek"}},
	{"Boston", "Massachusetts", "United States", "US", "USA", "021##", []string{"Back Bay", "Beacon Hill", "Dorchester"}},
	{"Portland", "Oregon", "United States", "US", "USA", "972##", []string{"Pearl District", "Alberta Arts", "Sellwood"}},
	{"Atlanta", "Georgia", "United States", "US", "USA", "303##", []string{"Midtown", "Inman Park", "Buckhead"}},
	{"Orlando", "Florida", "United States", "US", "USA", "328##", []string{"Thornton Park", "College Park", "Baldwin Park"}},
	{"Toronto", "Ontario", "Canada", "CA", "CAN", "M#@ #@#", []string{"Leslieville", "The Annex", "Liberty Village"}},
	{"Vancouver", "British Columbia", "Canada", "CA", "CAN", "V#@ #@#", []string{"Kitsilano", "Gastown", "Mount Pleasant"}},
	{"London", "England", "United Kingdom", "GB", "GBR", "N# #@@", []string{"Islington", "Camden", "Hackney"}},
	{"Manchester", "England", "United Kingdom", "GB", "GBR", "M# #@@", []string{"Didsbury", "Ancoats", "Chorlton"}},
	{"Edinburgh", "Scotland", "United Kingdom", "GB", "GBR", "EH# #@@", []string{"Leith", "Stockbridge", "Morningside"}},
	{"Dublin", "Leinster", "Ireland", "IE", "IRL", "D0# @#@#", []string{"Rathmines", "Ranelagh", "Drumcondra"}},
	{"Berlin", "Berlin", "Germany", "DE", "DEU", "10###", []string{"Kreuzberg", "Mitte", "Prenzlauer Berg"}},
	{"Munich", "Bavaria", "Germany", "DE", "DEU", "80###", []string{"Schwabing", "Maxvorstadt", "Haidhausen"}},
	{"Lyon", "Auvergne-Rhône-Alpes", "France", "FR", "FRA", "6900#", []string{"Croix-Rousse", "Confluence", "Part-Dieu"}},
	{"Paris", "Île-de-France", "France", "FR", "FRA", "750##", []string{"Le Marais", "Montmartre", "Belleville"}},
	{"Madrid", "Community of Madrid", "Spain", "ES", "ESP", "280##", []string{"Malasaña", "Chamberí", "Salamanca"}},
	{"Barcelona", "Catalonia", "Spain", "ES", "ESP", "080##", []string{"Gràcia", "Eixample", "El Born"}},
	{"Lisbon", "Lisbon", "Portugal", "PT", "PRT", "1###-###", []string{"Alfama", "Bairro Alto", "Campo de Ourique"}},
	{"Porto", "Porto", "Portugal", "PT", "PRT", "4###-###", []string{"Ribeira", "Boavista", "Foz do Douro"}},
	{"Milan", "Lombardy", "Italy", "IT", "ITA", "201##", []string{"Brera", "Navigli", "Isola"}},
	{"Amsterdam", "North Holland", "Netherlands", "NL", "NLD", "10## @@", []string{"Jordaan", "De Pijp", "Oost"}},
	{"Stockholm", "Stockholm County", "Sweden", "SE", "SWE", "1## ##", []string{"Södermalm", "Östermalm", "Vasastan"}},
	{"Sydney", "New South Wales", "Australia", "AU", "AUS", "20##", []string{"Surry Hills", "Newtown", "Bondi"}},
	{"Melbourne", "Victoria", "Australia", "AU", "AUS", "30##", []string{"Fitzroy", "Carlton", "St Kilda"}},
	{"Tokyo", "Tokyo", "Japan", "JP", "JPN", "1##-####", []string{"Shibuya", "Shinjuku", "Asakusa"}},
	{"São Paulo", "São Paulo", "Brazil", "BR", "BRA", "0####-###", []string{"Pinheiros", "Vila Madalena", "Moema"}},
	{"Mexico City", "Mexico City", "Mexico", "MX", "MEX", "0####", []string{"Roma Norte", "Condesa", "Coyoacán"}},
	{"Bengaluru", "Karnataka", "India", "IN", "IND", "560###", []string{"Indiranagar", "Koramangala", "Jayanagar"}},
}

// usPlaces is how many of places, first, are in the United States.
const usPlaces = 8

// placeScope is the place the fields of one object speak of; nil outside
// an object, empty until a field names a place.
type placeScope struct {
	p *place
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
	p := &places[0]
	if name, ok := v.mem["place"]; ok && v.fresh == 0 {
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
