"""python -m scripts.drafts feedback REVIEW.docx | index"""

import sys

if __name__ == "__main__":
    cmd, rest = (sys.argv[1], sys.argv[2:]) if len(sys.argv) > 1 else ("", [])
    if cmd == "feedback":
        from scripts.drafts.feedback import run
    elif cmd == "index":
        from scripts.drafts.publish import run

        rest = ["index"]
    else:
        sys.stderr.write("usage: python -m scripts.drafts feedback REVIEW.docx | index\n")
        sys.exit(2)
    sys.exit(run(rest))
