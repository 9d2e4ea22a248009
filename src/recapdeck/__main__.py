"""python -m recapdeck"""

from .cli import main

main()
