package sim

import "math"

// geo is where a city lies and the time zone it keeps.
type geo struct {
	lat, lon float64
	tz       string
}

// cityGeo places each of places on the map.
var cityGeo = map[string]geo{
	"Austin": {30.2672, -97.7431, "America/Chicago"}, "Seattle": {47.6062, -122.3321, "America/Los_Angeles"},
	"Chicago": {41.8781, -87.6298, "America/Chicago"}, "Denver": {39.7392, -104.9903, "America/Denver"},
	"Boston": {42.3601, -71.0589, "America/New_York"}, "Portland": {45.5152, -122.6784, "America/Los_Angeles"},
	"Atlanta": {33.7490, -84.3880, "America/New_York"}, "Orlando": {28.5383, -81.3792, "America/New_York"},
	"Toronto": {43.6532, -79.3832, "America/Toronto"}, "Vancouver": {49.2827, -123.1207, "America/Vancouver"},
	"London": {51.5074, -0.1278, "Europe/London"}, "Manchester": {53.4808, -2.2426, "Europe/London"},
	"Edinburgh": {55.9533, -3.1883, "Europe/London"}, "Dublin": {53.3498, -6.2603, "Europe/Dublin"},
	"Berlin": {52.5200, 13.4050, "Europe/Berlin"}, "Munich": {48.1351, 11.5820, "Europe/Berlin"},
	"Lyon": {45.7640, 4.8357, "Europe/Paris"}, "Paris": {48.8566, 2.3522, "Europe/Paris"},
	"Madrid": {40.4168, -3.7038, "Europe/Madrid"}, "Barcelona": {41.3874, 2.1686, "Europe/Madrid"},
	"Lisbon": {38.7223, -9.1393, "Europe/Lisbon"}, "Porto": {41.1579, -8.6291, "Europe/Lisbon"},
	"Milan": {45.4642, 9.1900, "Europe/Rome"}, "Amsterdam": {52.3676, 4.9041, "Europe/Amsterdam"},
	"Stockholm": {59.3293, 18.0686, "Europe/Stockholm"}, "Sydney": {-33.8688, 151.2093, "Australia/Sydney"},
	"Melbourne": {-37.8136, 144.9631, "Australia/Melbourne"}, "Tokyo": {35.6762, 139.6503, "Asia/Tokyo"},
	"São Paulo": {-23.5505, -46.6333, "America/Sao_Paulo"}, "Mexico City": {19.4326, -99.1332, "America/Mexico_City"},
	"Bengaluru": {12.9716, 77.5946, "Asia/Kolkata"},
}

// placedGeo is where in the object's place a latitude or longitude field
// lies (a few kilometres about its centre), when the object has named a
// place; ok is false otherwise.
func (v *Values) placedGeo(k kind) (float64, bool) {
	if v.scope == nil || v.scope.p == nil || k != kLatitude && k != kLongitude {
		return 0, false
	}
	g := cityGeo[v.scope.p.city]
	x := g.lat
	if k == kLongitude {
		x = g.lon
	}
	x += (v.r.Float64() - 0.5) * 0.1
	return math.Round(x*1e4) / 1e4, true
}

// placedZone is the time zone of the object's place, when it has named one.
func (v *Values) placedZone() (string, bool) {
	if v.scope == nil || v.scope.p == nil {
		return "", false
	}
	return cityGeo[v.scope.p.city].tz, true
}
