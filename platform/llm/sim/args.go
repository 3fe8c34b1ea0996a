package sim

// ArgString is the first of keys whose argument is a non-empty string ("" when
// none is): the file a file tool works on, from whichever name its schema
// gives the parameter.
func ArgString(args map[string]any, keys ...string) string { return argString(args, keys...) }
