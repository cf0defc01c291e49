/** etcdctl 3.4's output formats (printer_simple.go, printer_fields.go, printer_json.go, printer_table.go). */
package io.cairn.cli.print;
