package inventory

import "reflect"

// Count returns the number of resources in the estate.
func Count(e *Estate) int {
	n := 0
	for _, a := range e.Accounts {
		n += countFields(reflect.ValueOf(a.Resources))
		for _, r := range a.Regions {
			n += countFields(reflect.ValueOf(r.Resources))
		}
	}
	return n
}

// countFields counts the resources held by a GlobalResources or
// RegionalResources value: list lengths, and 1 for each singleton present.
func countFields(v reflect.Value) int {
	n := 0
	for i := range v.NumField() {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.Slice:
			n += f.Len()
		case reflect.Pointer:
			if !f.IsNil() {
				n++
			}
		}
	}
	return n
}
