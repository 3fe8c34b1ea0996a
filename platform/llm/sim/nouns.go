package sim

// Singular is the singular of an English plural noun (tickets, entries,
// addresses); other words come back as they are.
func Singular(noun string) string { return singular(noun) }
