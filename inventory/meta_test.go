package inventory

import (
	"reflect"
	"strings"
	"testing"
)

// TestNoFieldHidesMeta catches a resource field whose JSON name is also one
// of Meta's ("source", "name", ...): the JSON form would silently keep only
// one of the two.
func TestNoFieldHidesMeta(t *testing.T) {
	metaNames := jsonNames(reflect.TypeFor[Meta]())
	for _, holder := range []reflect.Type{reflect.TypeFor[GlobalResources](), reflect.TypeFor[RegionalResources]()} {
		for i := range holder.NumField() {
			rt := holder.Field(i).Type
			for rt.Kind() == reflect.Pointer || rt.Kind() == reflect.Slice {
				rt = rt.Elem()
			}
			for name, field := range jsonNames(rt) {
				if _, clash := metaNames[name]; clash && field != "Meta" {
					t.Errorf("%s.%s has JSON name %q, which Meta already uses", rt.Name(), field, name)
				}
			}
		}
	}
}

// jsonNames maps the JSON names of a struct's direct fields to the Go names.
func jsonNames(t reflect.Type) map[string]string {
	out := map[string]string{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || f.Anonymous {
			continue
		}
		out[name] = f.Name
	}
	return out
}
