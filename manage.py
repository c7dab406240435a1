#!/usr/bin/env python
from partneratlas.cli import main

if __name__ == "__main__":
    main()
