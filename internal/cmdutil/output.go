package cmdutil

import (
	"io"
	"os"
	"path/filepath"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// WriteOutput calls write with the destination of a command's data: the
// file at path, or stdout when path is empty or "-". A file is written to
// a temporary name and renamed into place, so a failed run never leaves a
// half-written report where a good one was. A path that is not a regular
// file (/dev/null, a named pipe, /dev/stdout) is written in place: renaming
// over it would replace the device with a file.
func WriteOutput(f *Factory, path string, write func(io.Writer) error) error {
	if path == "" || path == "-" {
		return write(f.IOStreams.Out)
	}
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		if fi.IsDir() {
			return Usagef("--output %s: is a directory", path)
		}
		out, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return Usagef("--output %s: %v", path, err)
		}
		if err := write(out); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return Usagef("--output %s: %v", path, err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename this finds nothing
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// WriteJSON writes v as indented JSON followed by a newline: the JSON form
// every command prints.
func WriteJSON(w io.Writer, v any, opts ...json.Options) error {
	if err := json.MarshalWrite(w, v, append(opts, jsontext.WithIndent("  "))...); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
