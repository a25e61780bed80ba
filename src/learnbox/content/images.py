"""How lessons refer to pictures: a tiny module so the UI can know the scheme without importing
the Markdown renderer at start-up."""

from __future__ import annotations

import re

#: URL scheme of course pictures in rendered HTML: ``lbimg:<course_id>/images/x.svg``.
IMAGE_SCHEME = "lbimg"
#: Image paths: relative to the course folder, plain file-name characters only.
IMAGE_PATH_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./-]*$")
