"""CI workflows for a data repository: check every pull request, explain it.

``knelpunt init --ci github`` writes a GitHub Actions workflow and ``--ci
gitlab`` a GitLab CI file. Both run ``knelpunt check --format github`` (GitHub
shows the problems inline) and ``knelpunt check --against`` the target branch,
and post ``knelpunt diff`` as a comment, so a reviewer reads per record what a
pull request changes.
"""

from __future__ import annotations

from pathlib import Path

from knelpunt import __version__
from knelpunt.errors import KnelpuntError

INSTALL = f"pip install 'knelpunt=={__version__}'"

GITHUB = f"""\
# Written by 'knelpunt init --ci github'. Checks every pull request that changes the
# records and posts a summary per record as a comment.
name: knelpunt

on:
  pull_request:
  push:
    branches: [main]

permissions:
  contents: read
  pull-requests: write

jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: {INSTALL}
      - name: knelpunt check
        run: knelpunt check --format github
      - name: knelpunt check against the target branch
        if: github.event_name == 'pull_request'
        run: knelpunt check --format github --against "origin/${{{{ github.base_ref }}}}"

  diff:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: {INSTALL}
      - name: knelpunt diff
        run: knelpunt diff "origin/${{{{ github.base_ref }}}}" HEAD > knelpunt-diff.md
      - name: Post the summary as a comment
        env:
          GH_TOKEN: ${{{{ secrets.GITHUB_TOKEN }}}}
        run: >-
          gh pr comment "${{{{ github.event.pull_request.number }}}}"
          --body-file knelpunt-diff.md
"""

GITLAB = f"""\
# Written by 'knelpunt init --ci gitlab'. Checks every merge request that changes the
# records and posts a summary per record as a note (set KNELPUNT_BOT_TOKEN, a project
# access token with the api scope, to allow the note).
stages: [check]

variables:
  GIT_DEPTH: "0"

.knelpunt:
  image: python:3.11
  before_script:
    - {INSTALL}

knelpunt-check:
  extends: .knelpunt
  stage: check
  script:
    - knelpunt check
    - >
      if [ -n "$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" ]; then
      git fetch origin "$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" &&
      knelpunt check --against "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"; fi
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH

knelpunt-diff:
  extends: .knelpunt
  stage: check
  script:
    - git fetch origin "$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"
    - knelpunt diff "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" HEAD > knelpunt-diff.md
    - >
      if [ -n "$KNELPUNT_BOT_TOKEN" ]; then
      curl --fail --request POST --header "PRIVATE-TOKEN: $KNELPUNT_BOT_TOKEN"
      --data-urlencode "body@knelpunt-diff.md"
      "$CI_API_V4_URL/projects/$CI_PROJECT_ID/merge_requests/$CI_MERGE_REQUEST_IID/notes"; fi
  artifacts:
    paths: [knelpunt-diff.md]
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
"""

TARGETS = {
    "github": (Path(".github") / "workflows" / "knelpunt.yml", GITHUB),
    "gitlab": (Path(".gitlab-ci.yml"), GITLAB),
}


def write_ci(root: Path, provider: str) -> Path:
    from knelpunt import yamlio

    if provider not in TARGETS:
        raise KnelpuntError("not_allowed_value", value=repr(provider), allowed="github, gitlab")
    relative, text = TARGETS[provider]
    path = root / relative
    yamlio.write_new(path, text)
    return path
