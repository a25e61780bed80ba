import sys

from learnbox.app import main

sys.exit(main())
