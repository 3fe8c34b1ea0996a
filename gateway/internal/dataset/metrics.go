package dataset

// OnWrite has f called with the number of rows of each batch once they are
// durably in the file (metrics); a row whose key the file already holds is
// never written, so never counted.
func OnWrite(f func(rows int)) PartOption {
	return func(p *Part) { p.onWrite = f }
}
