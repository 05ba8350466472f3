"""CI workflows for a data repository: check every pull request, explain it.

``knelpunt init --ci github`` writes a GitHub Actions workflow and ``--ci
gitlab`` a GitLab CI file. Both run ``knelpunt check`` (GitHub shows the
problems inline) and ``knelpunt check --against`` the target branch, and post
``knelpunt diff`` as one comment on the pull request, updated on each push, so
a reviewer reads per record what it changes.

The workflow runs with a token that may write comments, on content from
anyone's pull request, so it is written with care:

* knelpunt is installed from a source the data repository names
  (``--install SPEC``), by default the one the running knelpunt came from
  (PEP 610's ``direct_url.json``: a git URL pinned to its commit). Never a
  bare name from PyPI that anyone could register.
* Nothing of the checkout runs. knelpunt is installed into a virtual
  environment outside the checkout, by ``python -I`` (no current folder and no
  ``PYTHON*`` variable on ``sys.path``) run from a folder outside it, and every
  command runs from there with ``--repo`` naming the checkout: a ``pip/``,
  ``knelpunt/``, ``json.py`` or ``uv`` in a pull request is never what runs.
  What a job writes (the comment's text) is written outside the checkout too,
  where no link of the pull request can lead it.
* No ``${{ ... }}`` expression stands inside a ``run:`` script, where GitHub
  would paste it in as shell code; values reach the script as environment
  variables.
* The comment to update is found by its marker *and* its author (the
  workflow's bot on GitHub, the token's user on GitLab): anyone can put the
  marker in a comment of their own.
* On GitLab a merge request is compared with its diff base
  (``CI_MERGE_REQUEST_DIFF_BASE_SHA``, where its branch left the target), as
  its page does, not with the target's tip: what reached the target since is
  not the merge request's change. (A merged-results pipeline checks out the
  merge itself, whose base is the target's tip it was made on.)
* It runs only when ``data/``, ``knelpunt.yaml`` or ``templates/`` change. A
  pull request from a fork (whose token can only read) still gets its check;
  its summary goes to the job's page instead of a comment.
"""

from __future__ import annotations

import json
from pathlib import Path

from knelpunt import atomic
from knelpunt.errors import FileRefused, KnelpuntError

#: The paths whose change is worth a run.
WATCHED = ("data/**", "knelpunt.yaml", "templates/**")
#: Marks the one comment knelpunt keeps up to date; user text in the diff can
#: never contain it, because the diff escapes every '<'. Anyone can write it in
#: a comment of their own, so a comment is also told by its author.
MARKER = "<!-- knelpunt-diff -->"
#: Who writes the comment on GitHub: the workflow's GITHUB_TOKEN.
GITHUB_BOT = "github-actions[bot]"


def installed_from() -> str | None:
    """A pip requirement for the knelpunt that is running, from where it was
    installed (PEP 610), pinned to the exact commit; None when that place is
    of no use to a CI machine (a folder on this computer, or unknown)."""
    from importlib import metadata

    try:
        raw = metadata.distribution("knelpunt").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    if not raw:
        return None
    try:
        origin = json.loads(raw)
    except ValueError:
        return None
    url = str(origin.get("url", ""))
    if not url or url.startswith("file:"):
        return None
    vcs = origin.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and vcs.get("commit_id"):
        return f"knelpunt @ git+{url}@{vcs['commit_id']}"
    archive = origin.get("archive_info")
    if isinstance(archive, dict):
        digest = archive.get("hashes", {}).get("sha256") or archive.get("hash", "")
        suffix = f"#sha256={digest}" if digest and "=" not in str(digest) else ""
        return f"knelpunt @ {url}{suffix}"
    return None


def install_spec(given: str | None) -> str:
    """The requirement the workflow installs; refuses one that could be more
    than a requirement (a line break would add a line to the workflow)."""
    spec = given if given is not None else installed_from()
    if spec is None:
        raise KnelpuntError("ci_no_source")
    if not spec.strip() or any(ord(c) < 32 or c == "\x7f" for c in spec):
        raise KnelpuntError("ci_bad_source", spec=spec.encode("unicode_escape").decode())
    return spec.strip()


def _yaml_string(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


#: The steps that install knelpunt on GitHub, outside the checkout: a virtual
#: environment in the runner's temporary folder, made and filled by ``python
#: -I`` run from there; its ``bin`` joins the PATH of the steps after.
GITHUB_INSTALL = """\
      - name: Install knelpunt, away from the checkout
        # Not in the checkout and with -I: no file of the pull request (a pip/
        # or knelpunt/ folder, a json.py) can stand in for what runs.
        working-directory: ${{ runner.temp }}
        run: |
          python -I -m venv knelpunt-venv
          knelpunt-venv/bin/python -I -m pip install --no-input "$KNELPUNT_SPEC"
          echo "$RUNNER_TEMP/knelpunt-venv/bin" >> "$GITHUB_PATH"
"""
#: Where every step that runs knelpunt runs: outside the checkout.
OUTSIDE = "        working-directory: ${{ runner.temp }}\n"


def github_workflow(spec: str) -> str:
    paths = "\n".join(f"      - {_yaml_string(p)}" for p in WATCHED)
    return f"""\
# Written by 'knelpunt init --ci github'. Checks every pull request that changes the
# records and keeps one comment on it up to date with a summary per record.
name: knelpunt

on:
  pull_request:
    paths:
{paths}
  push:
    branches: [main]
    paths:
{paths}

permissions:
  contents: read

env:
  # Where knelpunt is installed from: a source this repository chose, pinned.
  KNELPUNT_SPEC: {_yaml_string(spec)}

jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
          persist-credentials: false
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
{GITHUB_INSTALL}\
      - name: knelpunt check
{OUTSIDE}\
        run: knelpunt check --repo "$GITHUB_WORKSPACE" --format github
      - name: knelpunt check against the target branch
        if: github.event_name == 'pull_request'
{OUTSIDE}\
        env:
          BASE_REF: ${{{{ github.base_ref }}}}
        run: knelpunt check --repo "$GITHUB_WORKSPACE" --format github --against "origin/$BASE_REF"

  diff:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    permissions:
      contents: read
      pull-requests: write
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
          persist-credentials: false
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
{GITHUB_INSTALL}\
      - name: knelpunt diff
{OUTSIDE}\
        env:
          BASE_REF: ${{{{ github.base_ref }}}}
        run: |
          knelpunt diff --repo "$GITHUB_WORKSPACE" "origin/$BASE_REF" HEAD > knelpunt-diff.md
          printf '\\n{MARKER}\\n' >> knelpunt-diff.md
          cat knelpunt-diff.md >> "$GITHUB_STEP_SUMMARY"
      - name: Post or update the comment
        # A fork's token can only read: its summary stays on the job's page.
        if: github.event.pull_request.head.repo.full_name == github.repository
        continue-on-error: true
{OUTSIDE}\
        env:
          GH_TOKEN: ${{{{ secrets.GITHUB_TOKEN }}}}
          PR_NUMBER: ${{{{ github.event.pull_request.number }}}}
          REPOSITORY: ${{{{ github.repository }}}}
        run: |
          # The marker and the author: anyone can write the marker in a comment.
          comment=$(gh api "repos/$REPOSITORY/issues/$PR_NUMBER/comments" --paginate \\
            --jq '.[] | select(.user.login == "{GITHUB_BOT}")
              | select(.body | contains("{MARKER}")) | .id' | tail -n 1)
          if [ -n "$comment" ]; then
            gh api --method PATCH "repos/$REPOSITORY/issues/comments/$comment" \\
              -F body=@knelpunt-diff.md > /dev/null
          else
            gh pr comment "$PR_NUMBER" --repo "$REPOSITORY" --body-file knelpunt-diff.md
          fi
"""


def gitlab_ci(spec: str) -> str:
    changes = ", ".join(_yaml_string(p) for p in WATCHED)
    return f"""\
# Written by 'knelpunt init --ci gitlab'. Checks every merge request that changes the
# records and keeps one note on it up to date with a summary per record (set
# KNELPUNT_BOT_TOKEN, a project access token with the api scope, to allow the note).
stages: [check]

variables:
  GIT_DEPTH: "0"
  # Where knelpunt is installed from: a source this repository chose, pinned.
  KNELPUNT_SPEC: {_yaml_string(spec)}

.knelpunt:
  image: python:3.11
  # knelpunt is installed and run in a new folder outside the checkout, with
  # python -I (no current folder on sys.path): no file of the merge request (a
  # pip/ or knelpunt/ folder, a json.py) can stand in for what runs. Every
  # command names the checkout with --repo.
  before_script:
    - export KNELPUNT_HOME="$(mktemp -d)"
    - cd "$KNELPUNT_HOME"
    - python -I -m venv "$KNELPUNT_HOME/venv"
    - export PATH="$KNELPUNT_HOME/venv/bin:$PATH"
    - python -I -m pip install --no-input "$KNELPUNT_SPEC"
    # What the merge request changes is compared with where its branch left
    # the target (its diff base, as its page shows it), not the target's tip;
    # a merged-results pipeline checks out the merge, whose base is that tip.
    - >
      if [ "$CI_MERGE_REQUEST_EVENT_TYPE" = merged_result ] ||
      [ "$CI_MERGE_REQUEST_EVENT_TYPE" = merge_train ];
      then export KNELPUNT_BASE="$CI_MERGE_REQUEST_TARGET_BRANCH_SHA";
      else export KNELPUNT_BASE="$CI_MERGE_REQUEST_DIFF_BASE_SHA"; fi

knelpunt-check:
  extends: .knelpunt
  stage: check
  script:
    - knelpunt check --repo "$CI_PROJECT_DIR"
    - >
      if [ -n "$KNELPUNT_BASE" ]; then
      knelpunt check --repo "$CI_PROJECT_DIR" --against "$KNELPUNT_BASE"; fi
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
      changes: [{changes}]
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
      changes: [{changes}]

knelpunt-diff:
  extends: .knelpunt
  stage: check
  script:
    - knelpunt diff --repo "$CI_PROJECT_DIR" "$KNELPUNT_BASE" HEAD > knelpunt-diff.md
    - printf '\\n{MARKER}\\n' >> knelpunt-diff.md
    # The artifact must lie in the checkout: a link the merge request put at
    # that name is removed first, never written through.
    - rm -f "$CI_PROJECT_DIR/knelpunt-diff.md"
    - cp knelpunt-diff.md "$CI_PROJECT_DIR/knelpunt-diff.md"
    - |
      if [ -n "$KNELPUNT_BOT_TOKEN" ]; then
        api="$CI_API_V4_URL"
        notes="$api/projects/$CI_PROJECT_ID/merge_requests/$CI_MERGE_REQUEST_IID/notes"
        # The marker and the author: anyone can write the marker in a note.
        export KNELPUNT_BOT_ID=$(curl --fail --silent \\
          --header "PRIVATE-TOKEN: $KNELPUNT_BOT_TOKEN" "$api/user" |
          python -I -c 'import json, sys; print(json.load(sys.stdin)["id"])')
        note=$(curl --fail --silent --header "PRIVATE-TOKEN: $KNELPUNT_BOT_TOKEN" \\
          "$notes?per_page=100" | python -I -c 'import json, os, sys
      me = int(os.environ["KNELPUNT_BOT_ID"])
      found = [n["id"] for n in json.load(sys.stdin)
               if n["author"]["id"] == me and "{MARKER}" in n["body"]]
      print(found[-1] if found else "")')
        if [ -n "$note" ]; then
          curl --fail --silent --request PUT --header "PRIVATE-TOKEN: $KNELPUNT_BOT_TOKEN" \\
            --data-urlencode "body@knelpunt-diff.md" "$notes/$note" > /dev/null
        else
          curl --fail --silent --request POST --header "PRIVATE-TOKEN: $KNELPUNT_BOT_TOKEN" \\
            --data-urlencode "body@knelpunt-diff.md" "$notes" > /dev/null
        fi
      fi
  artifacts:
    paths: [knelpunt-diff.md]
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
      changes: [{changes}]
"""


def github_pages_workflow(spec: str) -> str:
    paths = "\n".join(f"      - {_yaml_string(p)}" for p in WATCHED)
    return f"""\
# Written by 'knelpunt init --ci github --publish'. Publishes the agenda as a
# website (knelpunt site) on GitHub Pages whenever main changes. In the
# repository's settings, under Pages, choose "GitHub Actions" as the source.
name: knelpunt site

on:
  push:
    branches: [main]
    paths:
{paths}
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

env:
  # Where knelpunt is installed from: a source this repository chose, pinned.
  KNELPUNT_SPEC: {_yaml_string(spec)}

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
{GITHUB_INSTALL}\
      - name: knelpunt site
{OUTSIDE}\
        run: knelpunt site --repo "$GITHUB_WORKSPACE" -o "$RUNNER_TEMP/site"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: ${{{{ runner.temp }}}}/site

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""


GITLAB_PAGES = """
# Written by 'knelpunt init --ci gitlab --publish': the agenda as a website
# (knelpunt site) on GitLab Pages, whenever the default branch changes.
pages:
  extends: .knelpunt
  stage: deploy
  script:
    - knelpunt site --repo "$CI_PROJECT_DIR" -o "$CI_PROJECT_DIR/public"
  artifacts:
    paths: [public]
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
"""


TARGETS = {
    "github": Path(".github") / "workflows" / "knelpunt.yml",
    "gitlab": Path(".gitlab-ci.yml"),
}
#: Where GitHub's publishing workflow goes (GitLab's job joins the one file).
GITHUB_PAGES = Path(".github") / "workflows" / "knelpunt-site.yml"
_WRITERS = {"github": github_workflow, "gitlab": gitlab_ci}


def write_ci(root: Path, provider: str, spec: str, publish: bool = False) -> list[Path]:
    """Write the CI files for ``provider``; with ``publish`` also the job that
    publishes the site from main. Never over an existing file."""
    if provider not in TARGETS:
        raise KnelpuntError("not_allowed_value", value=repr(provider), allowed="github, gitlab")
    path = root / TARGETS[provider]
    text = _WRITERS[provider](spec)
    written = [path]
    if publish and provider == "gitlab":
        text = text.replace("stages: [check]", "stages: [check, deploy]", 1) + GITLAB_PAGES
    if publish and provider == "github":
        pages = root / GITHUB_PAGES
        if pages.exists():
            raise FileRefused("output_exists", pages.as_posix())
        atomic.write_new(path, text)
        atomic.write_new(pages, github_pages_workflow(spec))
        return [path, pages]
    atomic.write_new(path, text)
    return written
