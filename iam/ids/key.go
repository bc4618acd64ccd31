package ids

import "fmt"

// base32Alphabet is RFC 4648's: the characters after the prefix of a
// current access key id are drawn from it, five bits each.
const base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

func base32Value(c byte) (uint64, bool) {
	switch {
	case 'A' <= c && c <= 'Z':
		return uint64(c - 'A'), true
	case '2' <= c && c <= '7':
		return uint64(c-'2') + 26, true
	}
	return 0, false
}

// KeyAccount returns the account id that an access key id (AKIA… or
// ASIA…, 20 characters) carries.
//
// AWS does not document the format; researchers did (Aidan Steele, 2020;
// Tal Beery, 2023; WithSecure Labs' bitwise analysis of 3,000+ key ids).
// Read the key id as 100 bits, five per character: bits 0–19 are the
// prefix, bit 20 says which generation the key is, and in the current
// generation bits 21–60 are the account id in binary. Keys of the older
// generation (a fifth character of A–P, as in AWS's documentation example
// AKIAIOSFODNN7EXAMPLE) do not carry the account: legacy is true and ok
// false. sts:GetAccessKeyInfo answers for any key.
func KeyAccount(keyID string) (account string, legacy, ok bool) {
	if len(keyID) != 20 || (keyID[:4] != "AKIA" && keyID[:4] != "ASIA") {
		return "", false, false
	}
	// The generation bit is the top bit of the fifth character.
	if d, isB32 := base32Value(keyID[4]); isB32 && d < 16 {
		return "", true, false
	}
	// Bits 20–64 are the nine characters after the prefix; bit 20 is the
	// top bit of v's 45.
	var v uint64
	for i := 4; i < 13; i++ {
		d, isB32 := base32Value(keyID[i])
		if !isB32 {
			// 0, 1, 8 and 9 never occur in real key ids; made-up ones
			// (documentation, test fixtures) carry no account.
			return "", false, false
		}
		v = v<<5 | d
	}
	n := v >> 4 & (1<<40 - 1)
	if n > 999_999_999_999 {
		return "", false, false
	}
	return fmt.Sprintf("%012d", n), false, true
}
