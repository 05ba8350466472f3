"""Every sentence knelpunt shows a person, in Dutch and English, in one table.

Code refers to a message by its key; ``message(key, lang, **params)`` fills in
the parameters. Dutch is the default; English on request (``--lang en``,
``KNELPUNT_LANG=en`` or ``language: en`` in knelpunt.yaml).
"""

from __future__ import annotations

from typing import Any

DEFAULT_LANGUAGE = "nl"

MESSAGES: dict[str, tuple[str, str]] = {
    # --- repository -------------------------------------------------------
    "repo_not_found": (
        "Geen knelpunt-repository gevonden in {start} of een map daarboven (er is geen "
        "knelpunt.yaml). Ga naar de map van de repository, geef --repo MAP mee, of maak een "
        "nieuwe met 'knelpunt init'.",
        "No knelpunt repository found in {start} or any folder above it (there is no "
        "knelpunt.yaml). Go to the repository's folder, pass --repo FOLDER, or create one "
        "with 'knelpunt init'.",
    ),
    "repo_option_not_found": (
        "{path} is geen knelpunt-repository (er staat geen knelpunt.yaml in). Maak er een met "
        "'knelpunt init {path}'.",
        "{path} is not a knelpunt repository (it has no knelpunt.yaml). Create one with "
        "'knelpunt init {path}'.",
    ),
    "init_exists": (
        "{path} is al een knelpunt-repository (knelpunt.yaml bestaat). Er is niets veranderd.",
        "{path} is already a knelpunt repository (knelpunt.yaml exists). Nothing was changed.",
    ),
    "init_done": (
        "Nieuwe knelpunt-repository gemaakt in {path}.",
        "Created a new knelpunt repository in {path}.",
    ),
    "init_git": ("Git-repository aangemaakt.", "Initialised a git repository."),
    "init_next": (
        "Volgende stap: 'knelpunt add initiative' om het eerste initiatief vast te leggen, "
        "'knelpunt check' om alles te controleren.",
        "Next: 'knelpunt add initiative' to record a first initiative, 'knelpunt check' to "
        "check everything.",
    ),
    "created_file": ("  aangemaakt: {path}", "  created: {path}"),
    # --- check ------------------------------------------------------------
    "check_ok": (
        "Alles in orde: {checked} bestanden gecontroleerd.",
        "All good: {checked} files checked.",
    ),
    "check_failed": (
        "Problemen gevonden: {errors}, in {files} van de {checked} bestanden.",
        "Problems found: {errors}, in {files} of the {checked} files.",
    ),
    "check_warnings": ("Waarschuwingen: {warnings}.", "Warnings: {warnings}."),
    "warning": ("waarschuwing", "warning"),
    # --- reading files ----------------------------------------------------
    "file_not_utf8": (
        "het bestand is geen UTF-8 (ongeldige byte 0x{byte:02x}). Sla het bestand op als UTF-8 "
        "(in Kladblok: Opslaan als > Codering: UTF-8).",
        "the file is not UTF-8 (invalid byte 0x{byte:02x}). Save the file as UTF-8 "
        "(in Notepad: Save as > Encoding: UTF-8).",
    ),
    "file_too_large": (
        "het bestand is {size} bytes; een record is hooguit {limit} bytes. Is dit wel een record?",
        "the file is {size} bytes; a record is at most {limit} bytes. Is this a record?",
    ),
    "repository_not_writable": (
        "Kan niet schrijven in deze repository ({path}: {error}). Staat de map op een "
        "alleen-lezen schijf, of is hij van een andere gebruiker?",
        "Cannot write in this repository ({path}: {error}). Is the folder on a read-only "
        "disk, or owned by another user?",
    ),
    "output_exists": (
        "{path} bestaat al en blijft zoals het is. Kies een andere naam, of geef --force mee "
        "om het te vervangen.",
        "{path} already exists and was left as it is. Choose another name, or pass --force "
        "to replace it.",
    ),
    "output_is_folder": (
        "{path} is een map; geef een bestandsnaam, bijvoorbeeld {path}/rapport.md.",
        "{path} is a folder; give a file name, for example {path}/report.md.",
    ),
    "output_folder_missing": (
        "De map {folder} bestaat niet; maak hem eerst, of kies een andere plek.",
        "The folder {folder} does not exist; create it first, or choose another place.",
    ),
    "config_too_large": (
        "het bestand is {size} bytes; knelpunt.yaml is hooguit {limit} bytes. Staan er lijsten "
        "in die er niet thuishoren?",
        "the file is {size} bytes; knelpunt.yaml is at most {limit} bytes. Does it hold lists "
        "that do not belong there?",
    ),
    "file_symlink": (
        "dit is een symbolische koppeling (symlink); knelpunt volgt die nooit, omdat hij naar "
        "een bestand buiten de repository kan wijzen. Vervang hem door een gewoon bestand of "
        "verwijder hem.",
        "this is a symbolic link; knelpunt never follows one, since it can point at a file "
        "outside the repository. Replace it with an ordinary file or remove it.",
    ),
    "file_not_regular": (
        "dit is geen gewoon bestand (maar een apparaat, pijp of map). Verwijder het.",
        "this is not an ordinary file (but a device, pipe or folder). Remove it.",
    ),
    "file_unreadable": (
        "het bestand kan niet gelezen worden ({error}).",
        "the file cannot be read ({error}).",
    ),
    "path_through_symlink": (
        "{path} is een symbolische koppeling (symlink). knelpunt schrijft nooit via een "
        "koppeling, omdat die buiten de repository kan uitkomen. Vervang hem door een gewone "
        "map of een gewoon bestand; 'knelpunt check' noemt alle koppelingen in data/.",
        "{path} is a symbolic link. knelpunt never writes through a link, since it can lead "
        "outside the repository. Replace it with an ordinary folder or file; 'knelpunt check' "
        "names every link in data/.",
    ),
    "yaml_too_deep": (
        "de tekst is meer dan {limit} lagen diep genest; een record heeft er hooguit een paar "
        "nodig. Is dit wel een record?",
        "the text is nested more than {limit} levels deep; a record needs a few at most. "
        "Is this a record?",
    ),
    "file_empty": (
        "het bestand is leeg. Vul het record in of verwijder het bestand.",
        "the file is empty. Fill in the record or delete the file.",
    ),
    "merge_conflict": (
        "git kon twee versies van dit bestand niet samenvoegen (regels {start}-{end}{more}): "
        "de versie van {ours} (deze kant) staat op regel(s) {ours_lines}, die van {theirs} "
        "(de binnenkomende kant) op regel(s) {theirs_lines}. Houd wat klopt, verwijder de "
        "markeringsregels ('<<<<<<<', '=======', '>>>>>>>') en voer 'knelpunt check' opnieuw "
        "uit.",
        "git could not merge two versions of this file (lines {start}-{end}{more}): the "
        "version of {ours} (this side) is on line(s) {ours_lines}, that of {theirs} (the "
        "incoming side) on line(s) {theirs_lines}. Keep what is right, delete the marker lines "
        "('<<<<<<<', '=======', '>>>>>>>') and run 'knelpunt check' again.",
    ),
    "merge_conflict_record": (
        "git kon twee versies van dit record niet samenvoegen (regels {start}-{end}{more}): "
        "de versie van {ours} (deze kant) staat op regel(s) {ours_lines}, die van {theirs} "
        "(de binnenkomende kant) op regel(s) {theirs_lines}. Vergelijk ze veld voor veld en "
        "kies met 'knelpunt resolve {record_id}'.",
        "git could not merge two versions of this record (lines {start}-{end}{more}): the "
        "version of {ours} (this side) is on line(s) {ours_lines}, that of {theirs} (the "
        "incoming side) on line(s) {theirs_lines}. Compare them field by field and choose with "
        "'knelpunt resolve {record_id}'.",
    ),
    "merge_conflict_more": (", en nog {count} plek(ken)", ", and {count} more place(s)"),
    "merge_conflict_broken": (
        "het bestand bevat kapotte git-samenvoegmarkeringen (regel {start}): een '<<<<<<<' "
        "zonder bijbehorende '=======' en '>>>>>>>'. Herstel het bestand met een "
        "teksteditor of haal het terug met 'git checkout -- BESTAND'.",
        "the file holds broken git merge markers (line {start}): a '<<<<<<<' without its "
        "'=======' and '>>>>>>>'. Repair the file in a text editor or restore it with "
        "'git checkout -- FILE'.",
    ),
    "tab_indentation": (
        "er staat een tab in het inspringen. YAML springt in met spaties: vervang de tab door "
        "spaties.",
        "a tab is used for indentation. YAML indents with spaces: replace the tab with spaces.",
    ),
    "duplicate_key": (
        "het veld '{name}' staat twee keer in het record (eerder op regel {first_line}). Houd "
        "er één.",
        "the field '{name}' appears twice in the record (first on line {first_line}). Keep one.",
    ),
    "yaml_tag": (
        "YAML-tags zoals '{tag}' zijn niet toegestaan in records (ze kunnen code uitvoeren). "
        "Verwijder de tag en schrijf de waarde gewoon uit.",
        "YAML tags such as '{tag}' are not allowed in records (they can run code). Remove the "
        "tag and write the value plainly.",
    ),
    "yaml_anchor": (
        "ankers en verwijzingen ('&{anchor}' / '*{anchor}') zijn niet toegestaan in records. "
        "Schrijf de waarde uit.",
        "anchors and aliases ('&{anchor}' / '*{anchor}') are not allowed in records. Write "
        "the value out.",
    ),
    "yaml_syntax": (
        "dit is geen geldige YAML: {problem}. Controleer het inspringen en de dubbele punten "
        "op deze regel en de regel erboven.",
        "this is not valid YAML: {problem}. Check the indentation and the colons on this "
        "line and the one above.",
    ),
    "not_a_mapping": (
        "hier hoort een record (regels 'veld: waarde'), maar het bestand bevat {found}.",
        "a record (lines 'field: value') belongs here, but the file holds {found}.",
    ),
    "found_list": ("een lijst", "a list"),
    "found_scalar": ("een losse waarde", "a single value"),
    "multiple_documents": (
        "het bestand bevat meer dan één YAML-document ('---'); zet elk record in een eigen "
        "bestand.",
        "the file holds more than one YAML document ('---'); put each record in a file of its own.",
    ),
    # --- fields -----------------------------------------------------------
    "field_missing": (
        "verplicht veld ontbreekt; voeg '{field}: ...' toe.",
        "required field is missing; add '{field}: ...'.",
    ),
    "field_unknown": (
        "onbekend veld '{field}'.{hint} Toegestane velden: {allowed}.",
        "unknown field '{field}'.{hint} Allowed fields: {allowed}.",
    ),
    "did_you_mean": (" Bedoelde je '{suggestion}'?", " Did you mean '{suggestion}'?"),
    "derived_field": (
        " Bedoelde je '{suggestion}'? Dat staat niet in het knelpunt zelf: status, niveau en "
        "probleem-oplossers "
        "volgen uit de voortgangsregels in data/updates/. Gebruik 'knelpunt update' of "
        "'knelpunt route'.",
        " Did you mean '{suggestion}'? That is not kept in the bottleneck itself: status, "
        "level and problem-solvers follow from its history entries in data/updates/. Use 'knelpunt "
        "update' or 'knelpunt route'.",
    ),
    "expected_text": ("hier hoort tekst, niet {value}.", "text belongs here, not {value}."),
    "expected_number": (
        "hier hoort een geheel getal, niet {value}.",
        "a whole number belongs here, not {value}.",
    ),
    "expected_bool": (
        "hier hoort 'true' (ja) of 'false' (nee), niet {value}.",
        "'true' or 'false' belongs here, not {value}.",
    ),
    "expected_list": (
        "hier hoort een lijst (regels die beginnen met '- '), niet {value}.",
        "a list belongs here (lines starting with '- '), not {value}.",
    ),
    "expected_mapping": (
        "hier horen velden ('veld: waarde'), niet {value}.",
        "fields ('field: value') belong here, not {value}.",
    ),
    "invalid_date": (
        "{value} is geen bestaande datum. Schrijf de datum als JJJJ-MM-DD, bijvoorbeeld "
        "2026-11-23.",
        "{value} is not a real date. Write the date as YYYY-MM-DD, for example 2026-11-23.",
    ),
    "unknown_choice": (
        "{value} is geen bekende waarde voor {what}. Kies uit: {allowed} ({labels_nl}).",
        "{value} is not a known value for {what}. Choose from: {allowed} ({labels_en}).",
    ),
    "not_allowed_value": (
        "{value} is niet toegestaan. Kies uit: {allowed}.",
        "{value} is not allowed. Choose from: {allowed}.",
    ),
    "vocabulary": (
        "{value} staat niet in de lijst '{vocabulary}' in knelpunt.yaml. Kies uit: {allowed}, "
        "of voeg de waarde toe aan knelpunt.yaml.",
        "{value} is not in the list '{vocabulary}' in knelpunt.yaml. Choose from: {allowed}, "
        "or add it to knelpunt.yaml.",
    ),
    "vocabulary_empty": (
        "{value} kan niet: de lijst '{vocabulary}' in knelpunt.yaml is leeg. Voeg daar eerst "
        "waarden toe.",
        "{value} is not possible: the list '{vocabulary}' in knelpunt.yaml is empty. Add "
        "values there first.",
    ),
    "invalid_id": (
        "{value} is geen geldige id: gebruik kleine letters, cijfers en streepjes "
        "(bijvoorbeeld kp-7f3k9-q2mxz), hooguit 64 tekens.",
        "{value} is not a valid id: use lowercase letters, digits and hyphens (for example "
        "kp-7f3k9-q2mxz), at most 64 characters.",
    ),
    "text_empty": ("dit veld mag niet leeg zijn.", "this field must not be empty."),
    "text_too_long": (
        "deze tekst is te lang (hooguit {max_length} tekens).",
        "this text is too long (at most {max_length} characters).",
    ),
    "number_too_small": (
        "{value} is te klein; het minimum is {limit}.",
        "{value} is too small; the minimum is {limit}.",
    ),
    "number_too_large": (
        "{value} is te groot; het maximum is {limit}.",
        "{value} is too large; the maximum is {limit}.",
    ),
    "update_empty": (
        "een voortgangsregel heeft een 'status' of een 'note' nodig.",
        "a history entry needs a 'status' or a 'note'.",
    ),
    "merged_needs_target": (
        "status 'merged' heeft 'merged_into' nodig: het knelpunt waarin dit is opgegaan.",
        "status 'merged' needs 'merged_into': the bottleneck this one was merged into.",
    ),
    "target_needs_merged": (
        "'merged_into' hoort alleen bij status 'merged'.",
        "'merged_into' belongs only with status 'merged'.",
    ),
    "routed_needs_addressee": (
        "status 'routed' heeft 'addressees' nodig: de probleem-oplosser(s).",
        "status 'routed' needs 'addressees': the problem-solver(s).",
    ),
    "invalid_value": ("ongeldige waarde: {detail}", "invalid value: {detail}"),
    # --- cross-record checks ---------------------------------------------
    "id_mismatch": (
        "de id '{record_id}' hoort gelijk te zijn aan de bestandsnaam '{stem}'. Hernoem het "
        "bestand of pas de id aan.",
        "the id '{record_id}' must equal the file name '{stem}'. Rename the file or change the id.",
    ),
    "duplicate_id": (
        "de id '{record_id}' wordt ook gebruikt door {other}. Elke id mag maar één keer voorkomen.",
        "the id '{record_id}' is also used by {other}. Every id must be unique.",
    ),
    "unknown_reference": (
        "verwijst naar {target_kind} '{target}', maar dat bestaat niet (geen {expected}). "
        "Controleer de id of voeg het record toe.",
        "refers to {target_kind} '{target}', which does not exist (no {expected}). Check the "
        "id or add the record.",
    ),
    "updates_orphan": (
        "deze voortgangsregel hoort bij knelpunt '{bottleneck}', maar dat bestaat niet "
        "(geen {expected}).",
        "this history entry belongs to bottleneck '{bottleneck}', which does not exist "
        "(no {expected}).",
    ),
    "merged_into_self": (
        "een knelpunt kan niet in zichzelf opgaan.",
        "a bottleneck cannot be merged into itself.",
    ),
    "merged_into_merged": (
        "'{target}' is zelf al opgegaan in '{final}'; verwijs direct naar '{final}'.",
        "'{target}' was itself merged into '{final}'; refer to '{final}' directly.",
    ),
    "merge_cycle": (
        "samenvoegingen vormen een kring: {cycle}.",
        "merges form a cycle: {cycle}.",
    ),
    "bad_move": (
        "de stap van '{previous}' naar '{status}' past niet in de werkwijze; vanuit "
        "'{previous}' kan: {allowed}.",
        "the move from '{previous}' to '{status}' is not in the workflow; from '{previous}' "
        "the allowed moves are: {allowed}.",
    ),
    "region_province": (
        "deelgebied '{region}' ligt in provincie '{expected}', niet in '{province}'.",
        "region '{region}' lies in province '{expected}', not in '{province}'.",
    ),
    "stray_yml": (
        "dit bestand wordt overgeslagen: records eindigen op '.yaml', niet op '.yml'. Hernoem het.",
        "this file is skipped: records end in '.yaml', not '.yml'. Rename it.",
    ),
    "none": ("(niets)", "(nothing)"),
    # --- writing ----------------------------------------------------------
    "record_exists": (
        "{path} bestaat al; een ander record wordt nooit overschreven.",
        "{path} already exists; another record is never overwritten.",
    ),
    "repository_busy": (
        "Een ander knelpunt-proces houdt deze map al {seconds} seconden bezet ({path}). "
        "Wacht tot het klaar is en probeer het opnieuw; er is niets opgeslagen.",
        "Another knelpunt process has held this repository for {seconds} seconds ({path}). "
        "Wait for it to finish and try again; nothing was saved.",
    ),
    "record_changed_meanwhile": (
        "{path} werd steeds door een ander programma gewijzigd terwijl knelpunt het wilde "
        "opslaan; er is niets opgeslagen. Sluit het andere programma en probeer het opnieuw.",
        "{path} kept being changed by another program while knelpunt tried to save it; "
        "nothing was saved. Close the other program and try again.",
    ),
    "record_not_found": (
        "Geen record met id '{record_id}' gevonden.",
        "No record with id '{record_id}' found.",
    ),
    "invalid_input": (
        "Niet opgeslagen: {count} veld(en) kloppen niet:",
        "Not saved: {count} field(s) are not valid:",
    ),
    "route_needs_actor": (
        "Geef minstens één probleem-oplosser: --to ACTOR.",
        "Give at least one problem-solver: --to ACTOR.",
    ),
    "unknown_actor": (
        "'{record_id}' is geen bekende organisatie (actor). 'knelpunt list actors' toont ze; "
        "'knelpunt add actor' voegt er een toe.",
        "'{record_id}' is not a known organisation (actor). 'knelpunt list actors' shows "
        "them; 'knelpunt add actor' adds one.",
    ),
    "config_unknown_actor": (
        "de routeringsregel noemt actor '{target}', maar die bestaat niet (geen {expected}).",
        "the routing rule names actor '{target}', which does not exist (no {expected}).",
    ),
    "unknown_kind": (
        "'{kind}' is geen soort record. Kies uit: {allowed}.",
        "'{kind}' is not a kind of record. Choose from: {allowed}.",
    ),
    "filter_not_for_kind": (
        "{filters} geldt niet voor {kind}. Voor {kind} kan: {allowed}.",
        "{filters} does not apply to {kind}. For {kind} you can use: {allowed}.",
    ),
    "col_id": ("id", "id"),
    "col_title": ("titel", "title"),
    "col_name": ("naam", "name"),
    "col_status": ("status", "status"),
    "col_theme": ("thema", "theme"),
    "col_rule": ("regel", "rule"),
    "col_level": ("niveau", "level"),
    "col_solver": ("probleem-oplosser", "problem-solver"),
    "col_score": ("score", "score"),
    "col_reporters": ("melders", "reporters"),
    "col_rank": ("#", "#"),
    "col_part": ("onderdeel", "part"),
    "col_value": ("waarde", "value"),
    "col_weight": ("gewicht", "weight"),
    "col_points": ("punten", "points"),
    "col_date": ("datum", "date"),
    "col_by": ("door", "by"),
    "col_note": ("toelichting", "note"),
    "col_place": ("plaats", "place"),
    "col_region": ("deelgebied", "region"),
    "col_phase": ("fase", "phase"),
    "col_type": ("soort", "kind"),
    "col_municipality": ("gemeente", "municipality"),
    "col_explorer": ("verkenner", "explorer"),
    "col_commit": ("commit", "commit"),
    "part_reach": ("bereik: meldende initiatieven", "reach: reporting initiatives"),
    "part_regions": ("deelgebieden van de melders", "regions of the reporters"),
    "part_provinces": ("provincies van de melders", "provinces of the reporters"),
    "part_severity": ("ernst", "severity"),
    "part_phase-1": (
        "raakt initiatieven in fase 1 (vraag zichtbaar maken)",
        "blocks initiatives in phase 1 (making demand visible)",
    ),
    "part_phase-2": (
        "raakt initiatieven in fase 2 (makelaar)",
        "blocks initiatives in phase 2 (broker)",
    ),
    "part_phase-3": (
        "raakt initiatieven in fase 3 (eigen zorgaanbod)",
        "blocks initiatives in phase 3 (own care supply)",
    ),
    "part_type": ("soort knelpunt", "kind of bottleneck"),
    "part_age": ("maanden sinds de melding", "months since it was reported"),
    "explain_total": ("totaal", "total"),
    "explain_weights": (
        "De gewichten staan onder 'priority:' in knelpunt.yaml.",
        "The weights are under 'priority:' in knelpunt.yaml.",
    ),
    "route_none_waiting": (
        "Geen knelpunten die op adressering wachten (status 'on-agenda').",
        "No bottlenecks waiting to be routed (status 'on-agenda').",
    ),
    "route_no_rule": (
        "{record_id}: geen regel past en er is geen standaard; adresseer met "
        "'knelpunt route {record_id} --to ACTOR'.",
        "{record_id}: no rule matches and there is no default; route it with "
        "'knelpunt route {record_id} --to ACTOR'.",
    ),
    "route_dry_run": (
        "Proefdraaien: er is niets opgeslagen.",
        "Dry run: nothing was saved.",
    ),
    "route_done": ("{count} knelpunt(en) geadresseerd.", "{count} bottleneck(s) routed."),
    "route_by_hand": ("met de hand", "by hand"),
    "route_need_id_or_auto": (
        "Geef een knelpunt-id met --to ACTOR, of --auto.",
        "Give a bottleneck id with --to ACTOR, or --auto.",
    ),
    "route_auto_note": (
        "Geadresseerd volgens regel '{rule}'.",
        "Routed by rule '{rule}'.",
    ),
    "show_history": ("Geschiedenis", "History"),
    "show_git": ("Wijzigingen in git", "Changes in git"),
    "show_links": ("Verbonden records", "Linked records"),
    "show_merged_from": ("Gebundeld hierin", "Merged into this"),
    "show_personal_hidden": (
        "(contactgegevens verborgen; toon ze met --personal)",
        "(contact details hidden; show them with --personal)",
    ),
    "empty_list": ("Niets gevonden.", "Nothing found."),
    "unknown_revision": (
        "'{revision}' is geen bekende git-revisie (commit, branch of tag).",
        "'{revision}' is not a known git revision (commit, branch or tag).",
    ),
    "template_error": (
        "Het sjabloon {template} klopt niet: {error}",
        "The template {template} is not valid: {error}",
    ),
    "template_not_found": (
        "Het sjabloon {template} klopt niet: het vraagt om '{name}', maar dat staat niet in "
        "templates/ (een sjabloon buiten die map, of via een koppeling, wordt nooit gelezen).",
        "The template {template} is not valid: it asks for '{name}', which is not in "
        "templates/ (a template outside that folder, or behind a link, is never read).",
    ),
    "template_too_slow": (
        "Het sjabloon {template} is na {seconds} seconden afgebroken: het rekent te lang "
        "(een lus in een lus?). Maak het eenvoudiger.",
        "The template {template} was stopped after {seconds} seconds: it computes too long "
        "(a loop in a loop?). Make it simpler.",
    ),
    "template_output_too_large": (
        "Het sjabloon {template} is afgebroken: het maakt meer dan {limit} tekens tekst.",
        "The template {template} was stopped: it makes more than {limit} characters of text.",
    ),
    "template_number_too_big": (
        "Het sjabloon {template} is afgebroken: het rekent met een getal van meer dan {limit} "
        "bits.",
        "The template {template} was stopped: it computes a number of more than {limit} bits.",
    ),
    "template_too_costly": (
        "Het sjabloon {template} is afgebroken: het vraagt te veel van de computer ({error}).",
        "The template {template} was stopped: it asks too much of the computer ({error}).",
    ),
    "template_too_large": (
        "Het sjabloon {template} is groter dan {limit} bytes; is dit wel een sjabloon?",
        "The template {template} is larger than {limit} bytes; is this a template?",
    ),
    "unknown_report": (
        "'{name}' is geen rapport. Kies uit: {allowed}.",
        "'{name}' is not a report. Choose from: {allowed}.",
    ),
    "written": ("Geschreven: {path}", "Written: {path}"),
    "personal_shown": (
        "Let op: hier staan persoonsgegevens (contactpersonen). Deel ze niet verder dan nodig.",
        "Note: personal data (contact persons) is shown here. Share it no further than needed.",
    ),
    "personal_included": (
        "Let op: dit bestand bevat persoonsgegevens (contactpersonen). Deel het niet verder "
        "dan nodig.",
        "Note: this file holds personal data (contact persons). Share it no further than needed.",
    ),
    "export_csv_needs_kind": (
        "Een CSV-export is één soort record: geef KIND (bijvoorbeeld bottlenecks), of kies "
        "--format json voor alles.",
        "A CSV export is one kind of record: give KIND (for example bottlenecks), or choose "
        "--format json for everything.",
    ),
    "review_history_removed": (
        "een voortgangsregel is verwijderd; de geschiedenis wordt alleen aangevuld, nooit "
        "ingekort. Zet het bestand terug.",
        "a history entry was removed; history is only ever added to. Put the file back.",
    ),
    "review_history_edited": (
        "een bestaande voortgangsregel is gewijzigd; de geschiedenis wordt alleen aangevuld. "
        "Zet de regel terug en voeg een nieuwe toe met 'knelpunt update --note'.",
        "an existing history entry was edited; history is only ever added to. Restore it "
        "and add a new one with 'knelpunt update --note'.",
    ),
    "review_status_without_history": (
        "de status veranderde van '{before}' naar '{after}' zonder nieuwe voortgangsregel.",
        "the status changed from '{before}' to '{after}' without a new history entry.",
    ),
    "review_id_changed": (
        "de id is veranderd van '{old}' naar '{new_id}'; ids veranderen nooit, want "
        "andere records verwijzen ernaar.",
        "the id changed from '{old}' to '{new_id}'; ids never change, other records refer to them.",
    ),
    "review_bottleneck_deleted": (
        "knelpunt '{title}' is verwijderd; bundel het ('knelpunt merge') of sluit het af "
        "('knelpunt update --status ...') in plaats van het te verwijderen.",
        "bottleneck '{title}' was deleted; merge it ('knelpunt merge') or close it "
        "('knelpunt update --status ...') instead of deleting it.",
    ),
    "review_reference_deleted": (
        "{field_name} verwijst naar '{target}', dat in deze wijziging is verwijderd.",
        "{field_name} refers to '{target}', which this change deletes.",
    ),
    "diff_title": (
        "knelpunt: wijzigingen van {base} naar {head}",
        "knelpunt: changes from {base} to {head}",
    ),
    "diff_cut": (
        "*… en nog {count} regels die niet in één reactie passen. `knelpunt diff` op je eigen "
        "computer laat alles zien.*",
        "*… and {count} more lines that do not fit in one comment. `knelpunt diff` on your own "
        "computer shows everything.*",
    ),
    "diff_nothing": ("Geen wijzigingen in de records.", "No changes to the records."),
    "diff_added": ("Nieuw", "Added"),
    "diff_changed": ("Gewijzigd", "Changed"),
    "diff_removed": ("Verwijderd", "Removed"),
    "diff_merged": ("Gebundeld", "Merged"),
    "diff_review": ("Let op bij het nakijken", "Review notes"),
    "diff_status": ("status {before} → {after}", "status {before} → {after}"),
    "diff_routed": ("naar {solvers} ({level})", "to {solvers} ({level})"),
    "diff_list_added": ("{field} erbij: {items}", "{field} added: {items}"),
    "diff_list_removed": ("{field} eraf: {items}", "{field} removed: {items}"),
    "diff_personal_changed": (
        "{field}: gewijzigd (persoonsgegevens, niet getoond)",
        "{field}: changed (personal data, not shown)",
    ),
    "diff_history": ("{count} voortgangsregel(s) erbij", "{count} history entr(y/ies) added"),
    "working_tree": ("de werkmap", "the working tree"),
    "no_main_branch": (
        "Er is geen branch 'main' of 'master' om mee te vergelijken; geef BASE mee.",
        "There is no branch 'main' or 'master' to compare with; give BASE.",
    ),
    "invisible_characters": (
        "hier staan tekens die je niet ziet ({found}): ze kunnen de tekst anders laten lezen "
        "dan hij is. Typ de tekst opnieuw.",
        "this holds characters you cannot see ({found}): they can make the text read as "
        "something it is not. Type the text again.",
    ),
    "personal_email": (
        "dit lijkt een e-mailadres ({found}); contactgegevens horen in 'contact:', waar "
        "rapporten ze weglaten.",
        "this looks like an e-mail address ({found}); contact details belong in "
        "'contact:', which reports leave out.",
    ),
    "personal_phone": (
        "dit lijkt een telefoonnummer ({found}); contactgegevens horen in 'contact:', waar "
        "rapporten ze weglaten.",
        "this looks like a phone number ({found}); contact details belong in 'contact:', "
        "which reports leave out.",
    ),
    "personal_address": (
        "dit lijkt een adres met postcode en huisnummer ({found}); zet geen adressen van "
        "personen in vrije tekst.",
        "this looks like an address with postcode and house number ({found}); keep "
        "people's addresses out of free text.",
    ),
    "flag_missing": ("verplicht; geef {flag} mee.", "required; pass {flag}."),
    "update_needs_something": (
        "Geef een nieuwe status (--status) of een notitie (--note).",
        "Give a new status (--status) or a note (--note).",
    ),
    "use_route": (
        "Adresseren aan een probleem-oplosser gaat met 'knelpunt route ID --to ACTOR'.",
        "Routing to a problem-solver is done with 'knelpunt route ID --to ACTOR'.",
    ),
    "use_merge": (
        "Bundelen gaat met 'knelpunt merge DUPLICAAT IN'.",
        "Merging is done with 'knelpunt merge DUPLICATE INTO'.",
    ),
    "move_not_allowed": (
        "Van '{current}' naar '{status}' kan niet. Vanuit '{current}' kan: {allowed}.",
        "'{current}' cannot move to '{status}'. From '{current}' the allowed moves are: {allowed}.",
    ),
    "merge_into_itself": (
        "Een knelpunt kan niet in zichzelf opgaan ({record_id}).",
        "A bottleneck cannot be merged into itself ({record_id}).",
    ),
    "merge_into_merged": (
        "{into} is zelf al opgegaan in {final}; bundel in {final}.",
        "{into} was itself merged into {final}; merge into {final} instead.",
    ),
    "date_input": (
        "'{value}' is geen datum. Schrijf JJJJ-MM-DD, bijvoorbeeld 2026-11-23.",
        "'{value}' is not a date. Write YYYY-MM-DD, for example 2026-11-23.",
    ),
    "not_a_bottleneck": (
        "'{record_id}' is geen knelpunt.",
        "'{record_id}' is not a bottleneck.",
    ),
    "updated": (
        "{record_id}: {previous} -> {status} ({path})",
        "{record_id}: {previous} -> {status} ({path})",
    ),
    "noted": ("{record_id}: notitie toegevoegd ({path})", "{record_id}: note added ({path})"),
    "merged_done": (
        "{duplicate} is gebundeld in {into}. {into} heeft nu {reporters} meldende "
        "initiatieven en {meetings} bijeenkomsten.",
        "{duplicate} was merged into {into}. {into} now has {reporters} reporting "
        "initiatives and {meetings} meetings.",
    ),
    "not_a_git_repository": (
        "{path} is geen git-repository, en deze opdracht heeft git nodig. Vraag de "
        "coördinatiegroep om een kloon van de gedeelde repository (zie docs/installeren.md).",
        "{path} is not a git repository, and this command needs git. Ask the coordination "
        "group for a clone of the shared repository (see docs/installeren.md).",
    ),
    "detached_head": (
        "Git staat niet op een branch (detached HEAD). Ga eerst terug naar een branch, "
        "bijvoorbeeld met 'git switch main'.",
        "Git is not on a branch (detached HEAD). Switch to a branch first, for example "
        "with 'git switch main'.",
    ),
    "submit_unresolved": (
        "Niet ingediend: git wacht nog op deze bestanden van de samenvoeging: {files}. "
        "Kies per veld met 'knelpunt resolve' en probeer opnieuw.",
        "Not submitted: git is still waiting for these files of the merge: {files}. "
        "Choose field by field with 'knelpunt resolve' and try again.",
    ),
    # --- resolving merge conflicts ----------------------------------------
    "resolve_ours_or_theirs": (
        "Kies --ours of --theirs, niet allebei; per veld kiezen kan met --field VELD=KANT.",
        "Choose --ours or --theirs, not both; choose per field with --field FIELD=SIDE.",
    ),
    "resolve_without_markers": (
        "git wacht nog op {files}, maar daar staan geen twee versies in om uit te kiezen: de "
        "ene kant heeft het bestand veranderd en de andere het verwijderd of hernoemd. Houd "
        "het met 'git add PAD' of verwijder het met 'git rm PAD', en voer dan 'knelpunt "
        "submit' uit.",
        "git still waits for {files}, but they hold no two versions to choose from: one "
        "side changed the file and the other deleted or renamed it. Keep it with "
        "'git add PATH' or remove it with 'git rm PATH', then run 'knelpunt submit'.",
    ),
    "conflict_markers_broken": (
        "De samenvoegmarkeringen kloppen niet (regel {line}): herstel het bestand met een "
        "teksteditor.",
        "The merge markers are broken (line {line}): repair the file in a text editor.",
    ),
    "conflict_side_unreadable": (
        "De versie van {side} is geen leesbaar record (regel {line} van die versie); herstel "
        "het bestand met een teksteditor.",
        "The version of {side} is not a readable record (line {line} of that version); "
        "repair the file in a text editor.",
    ),
    "conflict_both_needs_list": (
        "'beide' kan alleen bij een lijst; kies voor '{field}' deze of de binnenkomende kant.",
        "'both' only works for a list; for '{field}' choose this or the incoming side.",
    ),
    "conflict_field_undecided": (
        "Nog geen keuze voor '{field}'.",
        "No choice yet for '{field}'.",
    ),
    "conflict_result_invalid": (
        "Niet opgeslagen: met deze keuzes klopt het record niet ({count} probleem/problemen):",
        "Not saved: with these choices the record is not valid ({count} problem(s)):",
    ),
    "resolve_none": (
        "Geen samenvoegconflicten in de records gevonden.",
        "No merge conflicts found in the records.",
    ),
    "resolve_not_found": (
        "Geen samenvoegconflict in record '{record_id}'.",
        "No merge conflict in record '{record_id}'.",
    ),
    "resolve_header": (
        "Conflict in {path} ({count} veld(en) verschillen)",
        "Conflict in {path} ({count} field(s) differ)",
    ),
    "resolve_sides": (
        "1 = deze kant ({ours}), 2 = binnenkomende kant ({theirs}), 3 = beide (bij lijsten)",
        "1 = this side ({ours}), 2 = incoming side ({theirs}), 3 = both (for lists)",
    ),
    "resolve_ours": ("deze kant", "this side"),
    "resolve_theirs": ("binnenkomend", "incoming"),
    "resolve_base": ("gemeenschappelijk begin", "common ancestor"),
    "resolve_missing": ("(ontbreekt)", "(missing)"),
    "resolve_hidden": (
        "(persoonsgegevens verborgen; --personal toont ze)",
        "(personal data hidden; --personal shows it)",
    ),
    "resolve_automatic": (
        "{field}: alleen {side} veranderde dit veld; die versie is genomen.",
        "{field}: only {side} changed this field; that version is taken.",
    ),
    "resolve_ask": ("{field}: kies 1, 2 of 3", "{field}: choose 1, 2 or 3"),
    "resolve_ask_scalar": ("{field}: kies 1 of 2", "{field}: choose 1 or 2"),
    "resolve_choice_bad": (
        "'{answer}' is geen keuze; typ {allowed}.",
        "'{answer}' is not a choice; type {allowed}.",
    ),
    "resolve_needs_choice": (
        "Niet opgeslagen: kies voor {fields} met --ours, --theirs of --field VELD=ours|theirs|both "
        "(of voer 'knelpunt resolve' uit in een terminal om per veld te kiezen).",
        "Not saved: choose for {fields} with --ours, --theirs or --field FIELD=ours|theirs|both "
        "(or run 'knelpunt resolve' in a terminal to choose field by field).",
    ),
    "resolve_field_option": (
        "--field '{value}' klopt niet: schrijf VELD=ours, VELD=theirs of VELD=both.",
        "--field '{value}' is not valid: write FIELD=ours, FIELD=theirs or FIELD=both.",
    ),
    "resolve_saved": ("Opgelost: {path}", "Resolved: {path}"),
    "resolve_dry_run": (
        "Proefdraai: niets opgeslagen. Zo zou {path} worden:",
        "Dry run: nothing saved. {path} would become:",
    ),
    "resolve_staged": (
        "Git weet dat dit bestand is opgelost (git add). Rond de samenvoeging af met "
        "'knelpunt submit' (of 'git commit').",
        "Git knows this file is resolved (git add). Finish the merge with 'knelpunt submit' "
        "(or 'git commit').",
    ),
    "resolve_history": (
        "De geschiedenis van beide kanten blijft bewaard: elke historieregel is een eigen "
        "bestand, op datum geordend.",
        "The history of both sides is kept: each history entry is a file of its own, "
        "ordered by date.",
    ),
    "submit_refused": (
        "Niet ingediend: 'knelpunt check' vond problemen. Los ze op en probeer opnieuw:",
        "Not submitted: 'knelpunt check' found problems. Fix them and try again:",
    ),
    "submit_nothing": (
        "Er is niets nieuws om in te dienen: alles wat je vastlegde is al verstuurd. "
        "('knelpunt sync' haalt het werk van anderen op.)",
        "There is nothing new to submit: everything you recorded was sent already. "
        "('knelpunt sync' fetches the work of others.)",
    ),
    "submit_open_review": (
        "Open het verzoek om na te kijken (pull request) op: {url}",
        "Open the request for review (pull request) at: {url}",
    ),
    "submit_committed": (
        "Vastgelegd op branch '{branch}' ({commit}): {count} bestand(en).",
        "Committed on branch '{branch}' ({commit}): {count} file(s).",
    ),
    "submit_pushed": (
        "Verstuurd naar '{remote}' op branch '{branch}'.",
        "Pushed to '{remote}' on branch '{branch}'.",
    ),
    "meeting_in_future": (
        "Let op: {date} ligt in de toekomst. Klopt de datum (dag-maand-jaar)? Je kunt hem "
        "verbeteren met 'knelpunt edit'.",
        "Note: {date} lies in the future. Is the date right (day-month-year)? You can "
        "correct it with 'knelpunt edit'.",
    ),
    "edit_needs_terminal": (
        "'knelpunt edit' stelt vragen en heeft een terminal nodig. Zonder terminal: verander "
        "{path} in een teksteditor en controleer met 'knelpunt check'.",
        "'knelpunt edit' asks questions and needs a terminal. Without one: change {path} in "
        "a text editor and check with 'knelpunt check'.",
    ),
    "edit_saved": ("Verbeterd: {path}", "Corrected: {path}"),
    "sync_offline": (
        "Ophalen lukte nu niet ({reason}). Er is niets veranderd; probeer het als je weer "
        "internet hebt.",
        "Could not fetch now ({reason}). Nothing was changed; try again when you are online.",
    ),
    "sync_left_branch": (
        "Je branch '{branch}' is opgenomen in {main}; je werkt nu weer op {main}.",
        "Your branch '{branch}' was merged into {main}; you are working on {main} again.",
    ),
    "sync_arrived": ("Bijgewerkt: {what}.", "Up to date: {what}."),
    "sync_nothing_new": ("niets nieuws", "nothing new"),
    "sync_waiting": (
        "Je branch '{branch}' wacht nog op nakijken; je blijft erop werken. Nieuwe records "
        "van anderen zie je zodra hij is opgenomen.",
        "Your branch '{branch}' is still waiting for review; you stay on it. New records of "
        "others show once it is merged.",
    ),
    "sync_checkout_failed": (
        "Kan niet terug naar {branch}: {error}. Er is niets veranderd.",
        "Cannot go back to {branch}: {error}. Nothing was changed.",
    ),
    "sync_not_fast_forward": (
        "{branch} op deze laptop heeft eigen wijzigingen die niet op de server staan ({error}). "
        "Lever ze in met 'knelpunt submit'; er is niets veranderd.",
        "{branch} on this laptop has changes of its own that are not on the server ({error}). "
        "Hand them in with 'knelpunt submit'; nothing was changed.",
    ),
    "sync_count_bottleneck_one": ("{count} nieuw knelpunt", "{count} new bottleneck"),
    "sync_count_bottleneck_many": ("{count} nieuwe knelpunten", "{count} new bottlenecks"),
    "sync_count_status_one": ("{count} statuswijziging", "{count} status change"),
    "sync_count_status_many": ("{count} statuswijzigingen", "{count} status changes"),
    "sync_count_initiative_one": ("{count} nieuw initiatief", "{count} new initiative"),
    "sync_count_initiative_many": ("{count} nieuwe initiatieven", "{count} new initiatives"),
    "sync_count_meeting_one": ("{count} nieuwe bijeenkomst", "{count} new meeting"),
    "sync_count_meeting_many": ("{count} nieuwe bijeenkomsten", "{count} new meetings"),
    "sync_count_solution_one": ("{count} nieuw olifantenpad", "{count} new workaround"),
    "sync_count_solution_many": ("{count} nieuwe olifantenpaden", "{count} new workarounds"),
    "sync_count_actor_one": ("{count} nieuwe probleem-oplosser", "{count} new problem-solver"),
    "sync_count_actor_many": ("{count} nieuwe probleem-oplossers", "{count} new problem-solvers"),
    "git_no_identity": (
        "Git weet nog niet wie je bent, en zet bij elk werk een naam. Er is niets veranderd. "
        "Typ 'knelpunt submit --by \"Je Naam\"', of voer 'knelpunt submit' uit in een "
        "terminal: dan vraagt knelpunt je naam.",
        "Git does not know who you are yet, and puts a name on all work. Nothing was changed. "
        "Type 'knelpunt submit --by \"Your Name\"', or run 'knelpunt submit' in a terminal: "
        "knelpunt then asks your name.",
    ),
    "submit_who_intro": (
        "Git weet nog niet wie je bent. Je naam komt bij je werk te staan, zodat de "
        "coördinatoren weten van wie het komt (alleen in deze repository bewaard).",
        "Git does not know who you are yet. Your name is put on your work, so the coordinators "
        "know whose it is (kept for this repository only).",
    ),
    "submit_who_name": ("Je naam: ", "Your name: "),
    "submit_who_email": (
        "Je e-mailadres (mag leeg; Enter slaat over): ",
        "Your e-mail address (may be empty; Enter skips): ",
    ),
    "submit_who_stored": (
        "Bewaard: je werk in deze repository komt op naam van {name}.",
        "Stored: your work in this repository is in the name of {name}.",
    ),
    "submit_push_refused": (
        "'{remote}' weigerde de branch '{branch}' ({reason}). Je werk is veilig vastgelegd op "
        "deze laptop, maar versturen heeft geen zin tot dit is opgelost: vraag een coördinator "
        "of je mag versturen naar deze repository en of de branch al bestaat.",
        "'{remote}' refused the branch '{branch}' ({reason}). Your work is safely committed on "
        "this laptop, but sending is pointless until this is solved: ask a coordinator whether "
        "you may push to this repository and whether the branch already exists.",
    ),
    "submit_offline": (
        "Versturen lukte nu niet ({reason}). Alles is veilig vastgelegd; voer 'knelpunt "
        "submit' opnieuw uit als je weer internet hebt.",
        "Could not push now ({reason}). Everything is safely committed; run 'knelpunt "
        "submit' again when you are back online.",
    ),
    # --- prompts ----------------------------------------------------------
    "prompt_new": ("Nieuw: {kind}", "New: {kind}"),
    "prompt_required": ("(verplicht)", "(required)"),
    "prompt_skip": ("Enter = overslaan", "Enter = skip"),
    "prompt_choose_one": ("Kies een nummer", "Choose a number"),
    "prompt_choose_many": (
        "Kies nummers, gescheiden door komma's",
        "Choose numbers, separated by commas",
    ),
    "prompt_search": (
        "Typ een deel van de naam om te zoeken (Enter = klaar)",
        "Type part of the name to search (Enter = done)",
    ),
    "prompt_no_match": ("Niets gevonden voor '{text}'.", "Nothing found for '{text}'."),
    "prompt_chosen": ("Gekozen: {names}", "Chosen: {names}"),
    "prompt_bad_choice": (
        "'{answer}' is geen keuze uit de lijst. Probeer het opnieuw.",
        "'{answer}' is not one of the choices. Try again.",
    ),
    "prompt_needed": ("Dit veld is verplicht.", "This field is required."),
    "prompt_yes_no": ("j/n", "y/n"),
    "prompt_date": ("JJJJ-MM-DD", "YYYY-MM-DD"),
    "prompt_save_or_fix": (
        "Opslaan? (j = opslaan, n = niet nu, of het nummer van een antwoord om te verbeteren)",
        "Save? (y = save, n = not now, or the number of an answer to correct)",
    ),
    "prompt_draft_kept": (
        "Niet opgeslagen. Je antwoorden zijn bewaard: de volgende 'knelpunt add' biedt aan "
        "verder te gaan.",
        "Not saved. Your answers are kept: the next 'knelpunt add' offers to continue.",
    ),
    "prompt_draft_continue": (
        "Je was op {saved} begonnen aan '{what}' en bent niet klaar. Verder gaan waar je was?",
        "On {saved} you started '{what}' and did not finish. Continue where you were?",
    ),
    "prompt_new_initiative": (
        "'{name}' staat er nog niet in. Nu vastleggen als nieuw initiatief?",
        "'{name}' is not recorded yet. Record it now as a new initiative?",
    ),
    "prompt_check": ("Klopt dit?", "Is this right?"),
    "prompt_save": ("Opslaan?", "Save?"),
    "prompt_not_saved": ("Niet opgeslagen.", "Not saved."),
    "prompt_saved": ("Opgeslagen: {path}", "Saved: {path}"),
    "prompt_similar": (
        "Dit lijkt op knelpunten die er al zijn:",
        "This looks like bottlenecks that already exist:",
    ),
    "prompt_workarounds": ("olifantenpaden: {names}", "workarounds: {names}"),
    "prompt_bundle": (
        "Is het hetzelfde knelpunt? Kies het nummer om dit initiatief en deze bijeenkomst "
        "eraan toe te voegen (bundelen), of Enter voor een nieuw knelpunt",
        "Is it the same bottleneck? Choose its number to add this initiative and meeting to "
        "it (merge), or Enter for a new bottleneck",
    ),
    "prompt_bundled": (
        "Gebundeld: toegevoegd aan {record_id} ({title}).",
        "Merged: added to {record_id} ({title}).",
    ),
    "bundle_note": (
        "Ook gemeld, gebundeld bij het vastleggen:",
        "Also reported, bundled when recorded:",
    ),
    "prompt_more_bottleneck": (
        "Een knelpunt vastleggen dat op deze bijeenkomst is genoemd?",
        "Record a bottleneck raised at this meeting?",
    ),
    "prompt_more_solution": (
        "Een olifantenpad vastleggen dat op deze bijeenkomst is gedeeld?",
        "Record a workaround shared at this meeting?",
    ),
    "prompt_solution_helps": (
        "Bij welke knelpunten van deze bijeenkomst helpt dit olifantenpad?",
        "Which bottlenecks of this meeting does this workaround help with?",
    ),
    "prompt_done_meeting": (
        "Klaar. Dien alles in met 'knelpunt submit'.",
        "Done. Hand everything in with 'knelpunt submit'.",
    ),
    "kind_initiative": ("initiatief", "initiative"),
    "kind_meeting": ("bijeenkomst", "meeting"),
    "kind_bottleneck": ("knelpunt", "bottleneck"),
    "kind_actor": ("organisatie (probleem-oplosser)", "organisation (problem-solver)"),
    "kind_solution": ("olifantenpad", "workaround"),
    # --- command line -----------------------------------------------------
    "interrupted": (
        "Afgebroken; er is niets half opgeslagen.",
        "Interrupted; nothing was saved half-way.",
    ),
    "config_invalid": (
        "knelpunt.yaml klopt niet; los dit eerst op:",
        "knelpunt.yaml is not valid; fix this first:",
    ),
    "git_index_locked": (
        "Git is nog bezig, of een git-programma is eerder halverwege gestopt: {path} bestaat. "
        "Sluit andere git-programma's; draait er geen meer, verwijder dan dat bestand en "
        "probeer het opnieuw. Er is niets veranderd.",
        "Git is still busy, or a git program stopped halfway earlier: {path} exists. Close "
        "other git programs; if none is running, remove that file and try again. Nothing "
        "was changed.",
    ),
    "git_failed": (
        "Git kon het niet doen: {error}",
        "Git could not do it: {error}",
    ),
    "ci_no_source": (
        "Niet bekend waar CI knelpunt vandaan moet halen: deze knelpunt is uit een map op deze "
        "computer geïnstalleerd. Geef de bron mee, bijvoorbeeld --install "
        "'knelpunt @ git+https://github.com/NETWERK/knelpunt@v0.2.0'. Er is niets gemaakt.",
        "Unknown where CI should install knelpunt from: this knelpunt was installed from a "
        "folder on this computer. Name the source, for example --install "
        "'knelpunt @ git+https://github.com/NETWORK/knelpunt@v0.2.0'. Nothing was created.",
    ),
    "ci_bad_source": (
        "'{spec}' is geen bruikbare bron: één regel tekst zonder stuurtekens.",
        "'{spec}' is not a usable source: one line of text without control characters.",
    ),
    "ci_installs": (
        'CI installeert knelpunt met: pip install "{spec}"',
        'CI installs knelpunt with: pip install "{spec}"',
    ),
    "os_disk_full": (
        "De schijf is vol ({path}). Er is niets half geschreven: maak ruimte vrij en probeer "
        "het opnieuw.",
        "The disk is full ({path}). Nothing was half written: free some space and try again.",
    ),
    "os_read_only": (
        "{path} staat op een schijf waarop niet geschreven kan worden. Kopieer de repository "
        "naar een map van jezelf.",
        "{path} is on a disk that cannot be written. Copy the repository to a folder of your own.",
    ),
    "os_no_permission": (
        "Geen toestemming voor {path}. Is de map van een andere gebruiker?",
        "No permission for {path}. Is the folder owned by another user?",
    ),
    "os_error": (
        "De computer meldt een probleem met {path}: {error}.",
        "The computer reports a problem with {path}: {error}.",
    ),
    "internal_error": (
        "Er ging iets mis dat niet had mogen gebeuren ({error}). Meld dit bij de "
        "coördinatiegroep, met het commando dat je gaf.",
        "Something went wrong that should not have ({error}). Please report it to the "
        "coordination group, with the command you gave.",
    ),
}


def normalise_language(lang: str | None) -> str:
    return "en" if (lang or "").lower().startswith("en") else DEFAULT_LANGUAGE


def message(key: str, lang: str, **params: Any) -> str:
    """The message ``key`` in ``lang`` (``nl`` or ``en``), filled in with ``params``."""
    nl, en = MESSAGES[key]
    template = en if normalise_language(lang) == "en" else nl
    # A parameter named "<name>_msg" is itself a message key, rendered in the
    # same language (for instance "a list" / "een lijst").
    for name in [name for name in params if name.endswith("_msg")]:
        params[name[: -len("_msg")]] = message(params.pop(name), lang)
    return template.format(**params)


#: Help texts of the command line, kept apart because they are many and long.
HELP: dict[str, tuple[str, str]] = {
    "app": (
        "knelpunt: knelpunten van burgerinitiatieven verzamelen, bundelen, adresseren en "
        "volgen, als YAML-bestanden in git.",
        "knelpunt: collect, bundle, route and follow the bottlenecks of citizen initiatives, "
        "kept as YAML files in git.",
    ),
    "repo": (
        "Map van de knelpunt-repository (anders: KNELPUNT_REPO, of de map met knelpunt.yaml "
        "boven de huidige map).",
        "Folder of the knelpunt repository (otherwise: KNELPUNT_REPO, or the folder with "
        "knelpunt.yaml above the current one).",
    ),
    "lang": (
        "Taal van meldingen en rapporten: nl of en.",
        "Language of messages and reports: nl or en.",
    ),
    "version": ("Toon de versie en stop.", "Show the version and exit."),
    "init": (
        "Maak een nieuwe knelpunt-repository: git, knelpunt.yaml en de mappen in data/.",
        "Create a new knelpunt repository: git, knelpunt.yaml and the folders in data/.",
    ),
    "init_path": ("Map voor de nieuwe repository.", "Folder for the new repository."),
    "init_ci": (
        "Schrijf ook een CI-workflow die elke pull request controleert: github of gitlab.",
        "Also write a CI workflow that checks every pull request: github or gitlab.",
    ),
    "init_no_git": ("Maak geen git-repository aan.", "Do not create a git repository."),
    "check": (
        "Controleer alle records: velden, verwijzingen, ids en samenvoegingen. Exit 0 als "
        "alles klopt, 1 bij problemen, 2 als het niet kan draaien.",
        "Check every record: fields, references, ids and merges. Exit 0 when clean, 1 when "
        "problems were found, 2 when it cannot run.",
    ),
    "add": (
        "Leg een nieuw record vast: met vragen op het scherm, of met een optie per veld "
        "(--no-input).",
        "Record something new: with questions on screen, or with one option per field "
        "(--no-input).",
    ),
    "add_initiative": ("Een burgerinitiatief.", "A citizen initiative."),
    "add_meeting": (
        "Een bijeenkomst; daarna meteen de knelpunten en olifantenpaden die er zijn genoemd.",
        "A meeting; then straight on to the bottlenecks and workarounds raised there.",
    ),
    "add_bottleneck": (
        "Een knelpunt; eerst worden vergelijkbare knelpunten getoond.",
        "A bottleneck; similar bottlenecks are shown first.",
    ),
    "add_actor": (
        "Een probleem-oplosser of andere organisatie.",
        "A problem-solver or other organisation.",
    ),
    "add_solution": ("Een olifantenpad (een gevonden oplossing).", "A workaround (olifantenpad)."),
    "no_input": (
        "Stel geen vragen; gebruik alleen de opties.",
        "Ask no questions; use the options only.",
    ),
    "as_json": ("Toon het resultaat als JSON.", "Print the result as JSON."),
    "update": (
        "Zet een knelpunt een stap verder in de werkwijze (of voeg een notitie toe), met een "
        "gedateerde regel in de geschiedenis.",
        "Move a bottleneck along the workflow (or add a note), with a dated history entry.",
    ),
    "update_id": ("Id van het knelpunt.", "Id of the bottleneck."),
    "update_status": ("Nieuwe status.", "New status."),
    "note": ("Toelichting: waarom, wat is afgesproken.", "Note: why, what was agreed."),
    "by": (
        "Wie dit doet (anders: je naam uit git).",
        "Who does this (otherwise: your name from git).",
    ),
    "date": (
        "Datum JJJJ-MM-DD (anders: vandaag).",
        "Date YYYY-MM-DD (otherwise: today).",
    ),
    "merge": (
        "Bundel twee knelpunten: DUPLICAAT gaat op in IN, dat de meldende initiatieven, "
        "bijeenkomsten, wetten en olifantenpaden overneemt.",
        "Merge two bottlenecks: DUPLICATE is merged into INTO, which gains its reporting "
        "initiatives, meetings, laws and workarounds.",
    ),
    "merge_duplicate": ("Het dubbele knelpunt.", "The duplicate bottleneck."),
    "merge_into": ("Het knelpunt dat blijft.", "The bottleneck that stays."),
    "resolve": (
        "Los een git-samenvoegconflict in records op: toont beide versies veld voor veld en "
        "laat je per veld kiezen (deze kant, de binnenkomende kant, of bij lijsten beide). "
        "Zonder ID: alle records met een conflict.",
        "Resolve a git merge conflict in records: shows both versions field by field and lets "
        "you choose per field (this side, the incoming side, or for lists both). Without ID: "
        "every record with a conflict.",
    ),
    "resolve_ids": ("Id's van de records; leeg = alle.", "Ids of the records; empty = all."),
    "resolve_take_ours": (
        "Neem bij elk verschil deze kant (de branch waar je op staat).",
        "Take this side (the branch you are on) for every difference.",
    ),
    "resolve_take_theirs": (
        "Neem bij elk verschil de binnenkomende kant.",
        "Take the incoming side for every difference.",
    ),
    "resolve_field": (
        "Kies voor één veld: VELD=ours, VELD=theirs of VELD=both (lijsten). Herhaalbaar.",
        "Choose for one field: FIELD=ours, FIELD=theirs or FIELD=both (lists). Repeatable.",
    ),
    "resolve_personal": (
        "Toon ook persoonsgegevens (contactpersonen) in de vergelijking.",
        "Also show personal data (contact persons) in the comparison.",
    ),
    "resolve_dry": ("Toon het resultaat, sla niets op.", "Show the result, save nothing."),
    "submit": (
        "Dien je nieuwe en gewijzigde records in voor controle: vastleggen op een eigen "
        "branch en versturen, zonder git te hoeven kennen.",
        "Hand in your new and changed records for review: commit on a branch of your own "
        "and push, without needing to know git.",
    ),
    "route": (
        "Adresseer knelpunten aan een probleem-oplosser op een niveau: met de regels in "
        "knelpunt.yaml (--auto) of met de hand (ID --to ACTOR).",
        "Route bottlenecks to a problem-solver at a level: by the rules in knelpunt.yaml "
        "(--auto) or by hand (ID --to ACTOR).",
    ),
    "route_auto": (
        "Adresseer alle knelpunten op de agenda volgens de regels.",
        "Route every bottleneck on the agenda by the rules.",
    ),
    "route_dry": (
        "Laat zien wat er zou gebeuren; sla niets op.",
        "Show what would happen; save nothing.",
    ),
    "route_to": (
        "Probleem-oplosser (actor-id); mag vaker.",
        "Problem-solver (actor id); may repeat.",
    ),
    "route_level": (
        "Niveau (anders: dat van de eerste actor).",
        "Level (otherwise the first actor's).",
    ),
    "prioritise": (
        "Rangschik de open knelpunten op een uitlegbare score.",
        "Rank the open bottlenecks by an explainable score.",
    ),
    "top": ("Alleen de eerste N.", "Only the first N."),
    "explain": (
        "Toon elk deel van de score van dit knelpunt.",
        "Show every part of this bottleneck's score.",
    ),
    "as_of": (
        "Rekendatum voor de leeftijd (anders: vandaag).",
        "Date the age is counted to (otherwise today).",
    ),
    "list": (
        "Toon records van één soort, met filters; knelpunten op volgorde van prioriteit.",
        "List records of one kind, with filters; bottlenecks in order of priority.",
    ),
    "list_kind": (
        "initiatives, meetings, bottlenecks, actors of solutions.",
        "initiatives, meetings, bottlenecks, actors or solutions.",
    ),
    "filter_status": ("Alleen met deze status.", "Only with this status."),
    "filter_theme": ("Alleen met dit thema.", "Only with this theme."),
    "filter_level": ("Alleen op dit niveau.", "Only at this level."),
    "filter_addressee": ("Alleen geadresseerd aan deze actor.", "Only routed to this actor."),
    "filter_region": ("Alleen uit dit deelgebied.", "Only from this region."),
    "filter_phase": (
        "Alleen initiatieven in deze fase (1-3).",
        "Only initiatives in this phase (1-3).",
    ),
    "filter_search": (
        "Zoek in titels, namen en omschrijvingen.",
        "Search titles, names and descriptions.",
    ),
    "show": (
        "Toon één record met zijn geschiedenis, verbonden records en git-wijzigingen.",
        "Show one record with its history, linked records and git changes.",
    ),
    "show_id": ("Id van het record.", "Id of the record."),
    "personal": (
        "Toon ook contactgegevens (persoonsgegevens).",
        "Also show contact details (personal data).",
    ),
    "report": (
        "Maak een rapport in Markdown: progress (voortgang), agenda (per probleem-oplosser) "
        "of initiatives (terugkoppeling per initiatief).",
        "Render a report in Markdown: progress, agenda (per problem-solver) or initiatives "
        "(feedback per initiative).",
    ),
    "report_name": ("progress, agenda of initiatives.", "progress, agenda or initiatives."),
    "report_as_of": (
        "Zoals de records waren bij deze git-revisie (de werkmap blijft onaangeroerd).",
        "As the records were at this git revision (the work tree is not touched).",
    ),
    "report_since": (
        "Vergelijk met deze git-revisie of datum (JJJJ-MM-DD): wat is nieuw, geadresseerd, "
        "opgelost.",
        "Compare with this git revision or date (YYYY-MM-DD): what is new, routed, resolved.",
    ),
    "output": (
        "Schrijf naar dit bestand in plaats van het scherm.",
        "Write to this file instead of the screen.",
    ),
    "edit": (
        "Verbeter een record met dezelfde vragen als 'knelpunt add', ingevuld met wat er "
        "staat: kies het nummer van een antwoord om het te veranderen.",
        "Correct a record with the questions of 'knelpunt add', filled in with what is there: "
        "choose the number of an answer to change it.",
    ),
    "edit_id": ("Het id van het record.", "The id of the record."),
    "sync": (
        "Haal de records van anderen op: werk main bij, ga terug van een branch die is "
        "opgenomen, en houd wat je nog niet hebt ingeleverd.",
        "Fetch the records of others: bring main up to date, leave a branch that was merged, "
        "and keep what you have not handed in yet.",
    ),
    "init_install": (
        "Waar CI knelpunt vandaan haalt (een pip-requirement, bijvoorbeeld 'knelpunt @ "
        "git+https://...@COMMIT'); anders de bron van deze installatie.",
        "Where CI installs knelpunt from (a pip requirement, for example 'knelpunt @ "
        "git+https://...@COMMIT'); else the source of this installation.",
    ),
    "force": (
        "Vervang het bestand van -o als het al bestaat.",
        "Replace the file of -o if it exists.",
    ),
    "export": (
        "Exporteer records als CSV (voor Excel) of JSON; zonder persoonsgegevens tenzij gevraagd.",
        "Export records as CSV (for Excel) or JSON; without personal data unless asked.",
    ),
    "export_format": ("csv of json.", "csv or json."),
    "include_personal": (
        "Neem contactpersonen op (persoonsgegevens).",
        "Include contact persons (personal data).",
    ),
    "diff": (
        "Vat een wijziging samen per record (niet per regel), in Markdown voor een pull "
        "request of als JSON. Standaard: van waar deze branch main verliet tot de werkmap.",
        "Summarise a change per record (not per line), as Markdown for a pull request or as "
        "JSON. By default: from where this branch left main to the working tree.",
    ),
    "diff_base": (
        "Revisie om mee te vergelijken. Alleen deze ene: wat die branch toevoegt sinds hij "
        "main verliet.",
        "Revision to compare with. Only this one: what that branch adds since it left main.",
    ),
    "diff_head": (
        "Revisie om te tonen (anders: de werkmap).",
        "Revision to show (otherwise: the working tree).",
    ),
    "check_against": (
        "Pas ook de regels voor nakijken toe op de wijziging sinds deze revisie.",
        "Also apply the review rules to the change since this revision.",
    ),
    "schema": (
        "Schrijf een JSON Schema per soort record (met de lijsten uit knelpunt.yaml), zodat "
        "een editor velden aanvult en fouten toont tijdens het typen.",
        "Write a JSON Schema per kind of record (with the lists of knelpunt.yaml), so an "
        "editor completes fields and flags mistakes while you type.",
    ),
    "schema_out": (
        "Map voor de schema's (anders: schemas/).",
        "Folder for the schemas (otherwise: schemas/).",
    ),
    "check_format": (
        "Uitvoer: text (voor mensen), json (voor programma's) of github (annotaties in een "
        "pull request).",
        "Output: text (for people), json (for programs) or github (pull-request annotations).",
    ),
}


def help_text(key: str, lang: str) -> str:
    nl, en = HELP[key]
    return en if normalise_language(lang) == "en" else nl


#: What people call each field, in prompts and in messages about flags.
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "name": ("Naam", "Name"),
    "title": ("Titel", "Title"),
    "description": ("Omschrijving", "Description"),
    "legal_form": ("Rechtsvorm", "Legal form"),
    "phase": (
        "Fase (1 vraag zichtbaar maken, 2 makelaar, 3 eigen zorgaanbod)",
        "Phase (1 makes demand visible, 2 broker, 3 own care supply)",
    ),
    "stage": ("Startend of gevestigd", "Starting or established"),
    "municipality": ("Gemeente", "Municipality"),
    "province": ("Provincie", "Province"),
    "region": ("Deelgebied", "Region"),
    "focus": ("Thema's van het initiatief", "The initiative's themes"),
    "networks": ("Netwerken waar het bij hoort", "Networks it belongs to"),
    "frontrunner": ("Koploper", "Frontrunner"),
    "founded": ("Opgericht in (jaar)", "Founded (year)"),
    "website": ("Website", "Website"),
    "contact": ("Contactpersoon", "Contact person"),
    "date": ("Datum", "Date"),
    "type": ("Soort", "Kind"),
    "explorer": ("Verkenner", "Explorer"),
    "place": ("Plaats", "Place"),
    "initiatives": ("Aanwezige initiatieven", "Initiatives present"),
    "actors": ("Aanwezige organisaties", "Organisations present"),
    "notes": ("Aantekeningen", "Notes"),
    "theme": ("Thema", "Theme"),
    "laws": ("Wetten en regels", "Laws and rules"),
    "tags": ("Trefwoorden", "Tags"),
    "severity": ("Ernst (1 licht - 5 zeer ernstig)", "Severity (1 mild - 5 very severe)"),
    "reported_on": ("Gemeld op", "Reported on"),
    "reported_by": ("Gemeld door (initiatieven)", "Reported by (initiatives)"),
    "reported_by_actors": ("Gemeld door (organisaties)", "Reported by (organisations)"),
    "meetings": ("Bijeenkomsten", "Meetings"),
    "solutions": ("Bekende olifantenpaden", "Known workarounds"),
    "short_name": ("Korte naam", "Short name"),
    "level": ("Niveau", "Level"),
    "found_by": ("Gevonden door (initiatieven)", "Found by (initiatives)"),
    "shared_at": ("Gedeeld op (bijeenkomsten)", "Shared at (meetings)"),
    "contact_name": ("Naam contactpersoon", "Contact person's name"),
    "contact_role": ("Rol contactpersoon", "Contact person's role"),
    "contact_email": ("E-mail contactpersoon", "Contact person's e-mail"),
    "contact_phone": ("Telefoon contactpersoon", "Contact person's phone"),
}

#: Labels of the fixed choices (the lists that are the same for every network).
CHOICE_LABELS: dict[str, tuple[str, str]] = {
    "cooperative": ("coöperatie", "cooperative"),
    "association": ("vereniging", "association"),
    "foundation": ("stichting", "foundation"),
    "residents-company": ("bewonersbedrijf", "residents' company"),
    "informal": ("informeel (werkgroep, netwerk)", "informal (work group, network)"),
    "starting": ("startend", "starting"),
    "established": ("gevestigd", "established"),
    "hard": ("hard: vraagt een wetswijziging", "hard: needs a change of law"),
    "implementation": (
        "uitvoering: regels, protocollen, inkoop",
        "implementation: rules, protocols, procurement",
    ),
    "culture": (
        "cultuur: vertrouwen, systeemwereld en leefwereld",
        "culture: trust, systems world and life world",
    ),
    "explorer": ("verkenning met initiatieven", "explorer meeting with initiatives"),
    "stakeholder": (
        "overleg met gemeenten, verzekeraar, aanbieder",
        "meeting with municipalities, insurer, provider",
    ),
    "reported": ("gemeld", "reported"),
    "solved-locally": ("lokaal opgelost", "solved locally"),
    "merged": ("gebundeld", "merged"),
    "on-agenda": ("op de agenda", "on the agenda"),
    "routed": ("geadresseerd", "routed"),
    "in-progress": ("in behandeling", "in progress"),
    "resolved": ("opgelost", "resolved"),
    "declined": ("afgewezen door de oplosser", "declined by the solver"),
}


def label(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    entry = table.get(key)
    if entry is None:
        return key
    return entry[1] if normalise_language(lang) == "en" else entry[0]


#: The words of the built-in report templates: ``t("key")`` inside a template.
REPORT_TEXT: dict[str, tuple[str, str]] = {
    "progress_title": (
        "Voortgangsrapportage Agenda Aanpak Knelpunten",
        "Progress report: Agenda for tackling bottlenecks",
    ),
    "agenda_title": ("Agenda per probleem-oplosser", "Agenda per problem-solver"),
    "initiatives_title": ("Terugkoppeling aan de initiatieven", "Feedback to the initiatives"),
    "generated": ("Gemaakt op {date}", "Made on {date}"),
    "as_of": ("stand van zaken bij revisie {revision}", "as at revision {revision}"),
    "plan": ("Plan en uitvoering", "Plan and progress"),
    "col_measure": ("Onderdeel", "Measure"),
    "col_planned": ("Gepland", "Planned"),
    "col_done": ("Gedaan", "Done"),
    "explorers": ("Verkenners", "Explorers"),
    "explorer_meetings": ("Verkenningsbijeenkomsten", "Explorer meetings"),
    "initiatives_heard": ("Initiatieven gesproken", "Initiatives heard"),
    "meetings_per_explorer": ("Bijeenkomsten per verkenner", "Meetings per explorer"),
    "col_explorer": ("Verkenner", "Explorer"),
    "col_meetings": ("Bijeenkomsten", "Meetings"),
    "col_initiatives": ("Initiatieven", "Initiatives"),
    "stakeholder_meetings": (
        "Overleggen met gemeenten, verzekeraars en aanbieders",
        "Meetings with municipalities, insurers and providers",
    ),
    "col_region": ("Deelgebied", "Region"),
    "none_yet": ("Nog geen.", "None yet."),
    "bottlenecks": ("Knelpunten", "Bottlenecks"),
    "bottlenecks_intro": (
        "{total} knelpunten ({merged} dubbele gebundeld).",
        "{total} bottlenecks ({merged} duplicates merged).",
    ),
    "by_theme": ("Per thema en status", "By theme and status"),
    "col_theme": ("Thema", "Theme"),
    "col_total": ("Totaal", "Total"),
    "by_level": ("Per niveau", "By level"),
    "col_level": ("Niveau", "Level"),
    "col_count": ("Aantal", "Number"),
    "by_solver": ("Per probleem-oplosser", "By problem-solver"),
    "col_solver": ("Probleem-oplosser", "Problem-solver"),
    "col_open": ("Open", "Open"),
    "chart_themes": ("Knelpunten per thema", "Bottlenecks by theme"),
    "since": ("Sinds {label}", "Since {label}"),
    "since_new": ("Nieuw", "New"),
    "since_routed": ("Geadresseerd", "Routed"),
    "since_resolved": ("Opgelost", "Resolved"),
    "top": ("Hoogste prioriteit", "Top priorities"),
    "top_intro": (
        "De score telt de delen hieronder op; de gewichten staan in knelpunt.yaml.",
        "The score adds up the parts below; the weights are in knelpunt.yaml.",
    ),
    "col_id": ("Id", "Id"),
    "col_title": ("Knelpunt", "Bottleneck"),
    "col_score": ("Score", "Score"),
    "col_status": ("Status", "Status"),
    "col_parts": ("Opbouw", "Made of"),
    "workarounds": ("Gedeelde olifantenpaden", "Workarounds shared"),
    "found_by": ("gevonden door {names}", "found by {names}"),
    "helps_with": ("helpt bij: {titles}", "helps with: {titles}"),
    "waiting": ("Wachten het langst", "Waiting longest"),
    "col_days": ("Dagen", "Days"),
    "col_since": ("Sinds", "Since"),
    "col_reporters": ("Gemeld door", "Reported by"),
    "col_history": ("Verloop", "History"),
    "agenda_intro": (
        "Per probleem-oplosser de open knelpunten, op volgorde van prioriteit.",
        "Per problem-solver its open bottlenecks, in order of priority.",
    ),
    "initiatives_intro": (
        "Per initiatief wat er werd van de knelpunten die het meldde.",
        "Per initiative what became of the bottlenecks it reported.",
    ),
    "merged_as": (
        "gemeld als \u201c{title}\u201d, gebundeld",
        "reported as \u201c{title}\u201d, merged",
    ),
    "col_last": ("Laatste stap", "Last step"),
    "no_bottlenecks": ("Geen knelpunten gemeld.", "No bottlenecks reported."),
}
