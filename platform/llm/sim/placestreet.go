package sim

import (
	"fmt"
	"strings"
)

// Street lines and postal addresses as each country writes them: the house
// number after the street in Berlin ("Oranienstraße 25, 10999 Berlin"),
// before it in Lyon ("12 rue de la République, 69002 Lyon"), the postcode
// after the city and state in Austin ("742 Congress Avenue, Austin, TX
// 78701") and in London ("125 Upper Street, London N1 1QP"), the block and
// house numbers of a chōme in Tokyo ("1-2-3 Jingumae, Shibuya-ku, Tokyo
// 150-0001"). The streets are real streets of each city, so that one
// address does not put an American-sounding street in Lyon.

// cityStreets are real streets of each of places; for Tokyo, a district
// and its ward.
var cityStreets = map[string][]string{
	"Austin":      {"Congress Avenue", "South Lamar Boulevard", "East 6th Street", "Guadalupe Street", "Duval Street"},
	"Seattle":     {"Pike Street", "Ballard Avenue NW", "Fremont Avenue North", "Broadway East", "1st Avenue"},
	"Chicago":     {"North Clark Street", "West Division Street", "North Milwaukee Avenue", "South State Street", "North Halsted Street"},
	"Denver":      {"Larimer Street", "East Colfax Avenue", "Tejon Street", "Blake Street", "South Broadway"},
	"Boston":      {"Newbury Street", "Boylston Street", "Charles Street", "Tremont Street", "Dorchester Avenue"},
	"Portland":    {"NW 23rd Avenue", "SE Hawthorne Boulevard", "NE Alberta Street", "SE Bybee Boulevard", "SW Broadway"},
	"Atlanta":     {"Peachtree Street NE", "Ponce de Leon Avenue", "Edgewood Avenue", "North Highland Avenue", "Piedmont Avenue"},
	"Orlando":     {"North Orange Avenue", "East Colonial Drive", "Edgewater Drive", "East Central Boulevard", "Corrine Drive"},
	"Toronto":     {"Queen Street East", "Bloor Street West", "Liberty Street", "Spadina Avenue", "Yonge Street"},
	"Vancouver":   {"West 4th Avenue", "Water Street", "Main Street", "Granville Street", "Robson Street"},
	"London":      {"Upper Street", "Essex Road", "Holloway Road", "Caledonian Road", "Liverpool Road"},
	"Manchester":  {"Deansgate", "Oldham Street", "Wilmslow Road", "Beech Road", "Burton Road"},
	"Edinburgh":   {"Leith Walk", "Raeburn Place", "Morningside Road", "Broughton Street", "Princes Street"},
	"Dublin":      {"Rathmines Road Lower", "Ranelagh Road", "Drumcondra Road Upper", "Camden Street Lower", "Baggot Street Upper"},
	"Berlin":      {"Oranienstraße", "Torstraße", "Kastanienallee", "Bergmannstraße", "Schönhauser Allee"},
	"Munich":      {"Leopoldstraße", "Türkenstraße", "Weißenburger Straße", "Sendlinger Straße", "Amalienstraße"},
	"Lyon":        {"rue de la République", "rue Mercière", "boulevard de la Croix-Rousse", "cours Charlemagne", "rue Victor Hugo"},
	"Paris":       {"rue de Rivoli", "rue des Martyrs", "rue Oberkampf", "boulevard de Belleville", "rue de Bretagne"},
	"Madrid":      {"Calle de Alcalá", "Calle de Fuencarral", "Calle de Serrano", "Calle de Santa Engracia", "Calle del Pez"},
	"Barcelona":   {"Carrer de Verdi", "Passeig de Gràcia", "Carrer de Mallorca", "Carrer del Rec", "Carrer de Sants"},
	"Lisbon":      {"Rua Augusta", "Rua da Rosa", "Rua Ferreira Borges", "Avenida da Liberdade", "Rua de São Bento"},
	"Porto":       {"Rua de Santa Catarina", "Avenida da Boavista", "Rua das Flores", "Rua do Passeio Alegre", "Rua de Cedofeita"},
	"Milan":       {"Via Brera", "Corso Buenos Aires", "Via Paolo Sarpi", "Via Borsieri", "Corso di Porta Ticinese"},
	"Amsterdam":   {"Prinsengracht", "Albert Cuypstraat", "Westerstraat", "Middenweg", "Ferdinand Bolstraat"},
	"Stockholm":   {"Götgatan", "Drottninggatan", "Odengatan", "Strandvägen", "Hornsgatan"},
	"Sydney":      {"Crown Street", "King Street", "Campbell Parade", "George Street", "Oxford Street"},
	"Melbourne":   {"Brunswick Street", "Lygon Street", "Acland Street", "Collins Street", "Smith Street"},
	"Tokyo":       {"Jingumae, Shibuya-ku", "Dogenzaka, Shibuya-ku", "Nishi-Shinjuku, Shinjuku-ku", "Kabukicho, Shinjuku-ku", "Asakusa, Taito-ku"},
	"São Paulo":   {"Rua dos Pinheiros", "Rua Aspicuelta", "Avenida Paulista", "Alameda dos Maracatins", "Rua Augusta"},
	"Mexico City": {"Calle Orizaba", "Avenida Álvaro Obregón", "Avenida Amsterdam", "Calle Francisco Sosa", "Calle Colima"},
	"Bengaluru":   {"100 Feet Road", "80 Feet Road", "CMH Road", "12th Main Road", "Double Road"},
}

// streetLine is the first line of an address in p: a real street of the
// city with a house number where that country puts it.
func (v *Values) streetLine(p *place) string {
	streets := cityStreets[p.city]
	if len(streets) == 0 {
		return fmt.Sprintf("%d %s", 1+v.r.IntN(200), v.f.StreetName())
	}
	st := v.pick(streets)
	switch p.code {
	case "US":
		return fmt.Sprintf("%d %s", 100+v.r.IntN(4900), st)
	case "CA", "AU", "GB", "IE", "FR":
		return fmt.Sprintf("%d %s", 1+v.r.IntN(220), st)
	case "IN":
		return fmt.Sprintf("%d, %s", 1+v.r.IntN(900), st)
	case "JP":
		return fmt.Sprintf("%d-%d-%d %s", 1+v.r.IntN(6), 1+v.r.IntN(30), 1+v.r.IntN(20), st)
	case "ES", "BR":
		return fmt.Sprintf("%s, %d", st, 1+v.r.IntN(300))
	}
	// Germany, the Netherlands, Sweden, Italy, Portugal, Mexico.
	return fmt.Sprintf("%s %d", st, 1+v.r.IntN(150))
}

// unitLine is an address's second line, the unit in the building, in the
// words of p's country.
func (v *Values) unitLine(p *place) string {
	n := 1 + v.r.IntN(40)
	switch p.code {
	case "FR":
		return v.pick([]string{fmt.Sprintf("Appartement %d", n), "Bâtiment " + v.pick([]string{"A", "B", "C"}), fmt.Sprintf("%de étage", 1+v.r.IntN(7))})
	case "DE":
		return v.pick([]string{"Hinterhaus", fmt.Sprintf("%d. OG", 1+v.r.IntN(5)), "Aufgang " + v.pick([]string{"A", "B"})})
	case "ES", "MX":
		return fmt.Sprintf("%dº %s", 1+v.r.IntN(8), v.pick([]string{"A", "B", "C", "D"}))
	case "IT":
		return fmt.Sprintf("Scala %s, Interno %d", v.pick([]string{"A", "B"}), n)
	case "PT", "BR":
		return fmt.Sprintf("%dº %s", 1+v.r.IntN(8), v.pick([]string{"Esq.", "Dto.", "Apto 12"}))
	case "NL":
		return v.pick([]string{"huis", "1-hoog", "2-hoog", "3-hoog"})
	case "SE":
		return fmt.Sprintf("lgh %d", 1000+v.r.IntN(400))
	case "JP":
		return fmt.Sprintf("Room %d0%d", 1+v.r.IntN(9), 1+v.r.IntN(9))
	}
	return v.pick([]string{"Suite ", "Apt ", "Floor ", "Unit "}) + fmt.Sprint(n)
}

// postalAddress is a whole address in p on one line, in the order p's
// country writes it, ending with the country's name.
func (v *Values) postalAddress(p *place) string {
	street, code := v.streetLine(p), v.postcodeIn(p)
	var lines []string
	switch p.code {
	case "US", "CA":
		lines = []string{street, p.city, p.abbr + " " + code}
	case "AU":
		lines = []string{street, p.city + " " + p.abbr + " " + code}
	case "GB", "IE":
		lines = []string{street, p.city + " " + code}
	case "IN":
		lines = []string{street, p.city, p.state + " " + code}
	case "JP":
		lines = []string{street, p.city + " " + code}
	case "BR":
		lines = []string{street, p.city + " - " + p.abbr, code}
	default:
		lines = []string{street, code + " " + p.city}
	}
	return strings.Join(append(lines, p.country), ", ")
}
