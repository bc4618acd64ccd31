package catalog

import "strings"

// keyTemplate matches names against a condition key with variable parts,
// "aws:requesttag/${tagkey}" or "s3:existingobjecttag/<key>", lower-cased.
// Each variable stands for one or more characters of any kind: tag keys and
// KMS encryption context keys may themselves contain ':' and '/'.
type keyTemplate struct {
	parts   []string // the fixed text around the variables; len = variables+1
	literal int      // how much fixed text, to prefer the most specific match
	key     Key
}

// newKeyTemplate splits a lower-cased key name at its variables; ok is false
// when it has none.
func newKeyTemplate(lower string, key Key) (keyTemplate, bool) {
	t := keyTemplate{key: key}
	rest := lower
	for {
		i := strings.IndexAny(rest, "$<")
		if i < 0 {
			break
		}
		var end int
		switch {
		case rest[i] == '<':
			end = strings.IndexByte(rest[i:], '>')
		case strings.HasPrefix(rest[i:], "${"):
			end = strings.IndexByte(rest[i:], '}')
		default:
			end = -1
		}
		if end < 0 {
			break
		}
		t.parts = append(t.parts, rest[:i])
		rest = rest[i+end+1:]
	}
	if len(t.parts) == 0 {
		return keyTemplate{}, false
	}
	t.parts = append(t.parts, rest)
	for _, p := range t.parts {
		t.literal += len(p)
	}
	return t, true
}

// match reports whether the lower-cased name fills in t. Placing each fixed
// part at its leftmost possible position is enough: it leaves the most room
// for the parts after it.
func (t keyTemplate) match(name string) bool {
	first, last := t.parts[0], t.parts[len(t.parts)-1]
	if !strings.HasPrefix(name, first) {
		return false
	}
	pos := len(first)
	for _, p := range t.parts[1 : len(t.parts)-1] {
		if pos+1 > len(name) {
			return false
		}
		i := strings.Index(name[pos+1:], p) // a variable takes at least one character
		if i < 0 {
			return false
		}
		pos += 1 + i + len(p)
	}
	return len(name)-len(last) >= pos+1 && strings.HasSuffix(name, last)
}

// anyKeyMatches reports whether name is one of keys or fills in one of them.
func anyKeyMatches(keys []string, name string) bool {
	c := get()
	lower := lowerString(name)
	for _, k := range keys {
		lk := lowerString(k)
		if lk == lower {
			return true
		}
		i, ok := c.templateIndex[lk]
		if ok {
			if c.keyTemplates[i].match(lower) {
				return true
			}
			continue
		}
		if t, ok := newKeyTemplate(lk, Key{}); ok && t.match(lower) {
			return true
		}
	}
	return false
}
