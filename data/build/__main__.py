"""python -m data.build [SOURCE_DIR]"""

from data.build import main

raise SystemExit(main())
