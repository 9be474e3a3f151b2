-- Every function Globa defines in the database, as it is now. Applied, with the other files
-- of this folder, by a migration (globa.core.dbsecurity.ApplySecurity); each statement may run
-- again on a database that already has it. docs/architecture.md says how to change them.
--
-- Functions that run as the owner (SECURITY DEFINER) pin their search_path with pg_temp last:
-- otherwise a temporary table of the caller's, searched first, could stand in for one of ours.

CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- unaccent() is only STABLE; names are indexed through this immutable wrapper.
CREATE OR REPLACE FUNCTION globa_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, value)) $$;


-- The row-level security context ---------------------------------------------------------

-- Acting for the whole installation is a privilege: SELECT on this table, which has neither
-- columns nor rows. The migrations grant it to the system role (commands and background work)
-- and to no other; the web's role cannot obtain it by any statement it may run.
CREATE TABLE IF NOT EXISTS globa_system_context ();
COMMENT ON TABLE globa_system_context IS
  'SELECT on this table lets a role act for the whole installation (globa_system()).';

-- Takes every privilege on a table from every role but its owner (the migrations grant the
-- application role all tables of the schema, and so does the default for new ones).
CREATE OR REPLACE FUNCTION globa_revoke_from_all(tbl regclass, privileges text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  grantee oid;
BEGIN
  FOR grantee IN
    SELECT DISTINCT a.grantee FROM pg_class c, aclexplode(c.relacl) a
     WHERE c.oid = tbl AND a.grantee <> c.relowner
  LOOP
    EXECUTE format('REVOKE %s ON %s FROM %s', privileges, tbl,
                   CASE WHEN grantee = 0 THEN 'PUBLIC' ELSE quote_ident(grantee::regrole::text) END);
  END LOOP;
END
$$;
REVOKE EXECUTE ON FUNCTION globa_revoke_from_all(regclass, text) FROM PUBLIC;
SELECT globa_revoke_from_all('globa_system_context', 'ALL');

-- True when the transaction acts for the whole installation: it asked to (globa.system) and
-- its role may. The web's role asking gets nothing.
CREATE OR REPLACE FUNCTION globa_system() RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT coalesce(current_setting('globa.system', true), '') = 'on'
     AND has_table_privilege('public.globa_system_context', 'SELECT')
$$;

-- Lithuanian alphabetical order (globa.lib.collation): the sort key of a text. Č, Š, Ž are
-- letters of their own after C, S, Z ('~' sorts after every letter in "C" order); the other
-- marked letters and Y sort with the plain letter; then the text in lower case and as it is
-- break ties. Order by it with COLLATE "C".
CREATE OR REPLACE FUNCTION globa_lt(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$
  SELECT public.unaccent('public.unaccent'::regdictionary,
           translate(replace(replace(replace(lower(value), 'č', 'c~'), 'š', 's~'), 'ž', 'z~'),
                     'y', 'i'))
         || chr(1) || lower(value) || chr(1) || value
$$;

-- True when the current transaction may see records of the organisation.
CREATE OR REPLACE FUNCTION globa_in_scope(org bigint) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT globa_system()
      OR org = ANY (string_to_array(nullif(current_setting('globa.orgs', true), ''), ',')::bigint[])
$$;

-- Cases are seen by the case managers and centre managers of the organisation that runs them
-- (globa.case_orgs), not by everyone who works with the registry of that organisation.
CREATE OR REPLACE FUNCTION globa_in_case_scope(org bigint) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT globa_system()
      OR org = ANY (string_to_array(nullif(current_setting('globa.case_orgs', true), ''), ',')::bigint[])
$$;


-- The audit trail ------------------------------------------------------------------------

-- Copies every change of an audited row into audit_change, in the same transaction. It runs
-- as the owner: nobody else may write audit_change, so its rows are this function's only.
--   TG_ARGV[0]  the column holding the organisation the row belongs to ('' for none);
--   TG_ARGV[1]  columns left out: kept by the database itself, or not a change of the record
--               (the time of a login); an update of nothing else is not recorded;
--   TG_ARGV[2]  columns whose value is never copied (a password hash, a second factor's
--               secret, restricted notes): the audit says only that there is one and whether
--               it changed ('(not recorded)', '(not recorded, changed)');
--   TG_ARGV[3]  a function of the row (jsonb) that tells whether TG_ARGV[2] applies to it;
--               without one, it always does.
CREATE OR REPLACE FUNCTION globa_audit() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
  left_out text[] := CASE WHEN TG_NARGS > 1 THEN string_to_array(TG_ARGV[1], ',') ELSE '{}' END;
  hidden text[] := CASE WHEN TG_NARGS > 2 THEN string_to_array(TG_ARGV[2], ',') ELSE '{}' END;
  old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) - left_out END;
  new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) - left_out END;
  row_data jsonb := coalesce(new_row, old_row);
  applies boolean := true;
  row_org bigint;
  acting bigint;
  hide text;
  had text;
  has text;
BEGIN
  IF TG_OP = 'UPDATE' AND old_row = new_row THEN
    RETURN NULL;
  END IF;
  FOREACH hide IN ARRAY hidden LOOP
    had := nullif(old_row ->> hide, '');
    has := nullif(new_row ->> hide, '');
    CONTINUE WHEN had IS NULL AND has IS NULL;
    IF TG_NARGS > 3 THEN
      EXECUTE format('SELECT %s($1) OR %s($2)', TG_ARGV[3]::regproc, TG_ARGV[3]::regproc)
        INTO applies USING coalesce(old_row, new_row), coalesce(new_row, old_row);
    END IF;
    CONTINUE WHEN NOT coalesce(applies, true);
    IF had IS NOT NULL THEN
      old_row := jsonb_set(old_row, ARRAY[hide], to_jsonb('(not recorded)'::text));
    END IF;
    IF has IS NOT NULL THEN
      new_row := jsonb_set(new_row, ARRAY[hide], to_jsonb(
        CASE WHEN TG_OP = 'UPDATE' AND had IS DISTINCT FROM has
             THEN '(not recorded, changed)' ELSE '(not recorded)' END));
    END IF;
  END LOOP;
  row_org := (row_data->>nullif(TG_ARGV[0], ''))::bigint;
  -- The organisation the change is made for: the row's own when the user works there (it is
  -- in the transaction's scope), else the one the request names (the user's first).
  acting := CASE
    WHEN row_org = ANY (string_to_array(nullif(current_setting('globa.orgs', true), ''), ',')::bigint[])
      OR row_org = ANY (string_to_array(nullif(current_setting('globa.case_orgs', true), ''), ',')::bigint[])
    THEN row_org
    ELSE nullif(current_setting('globa.org_id', true), '')::bigint END;
  INSERT INTO public.audit_change (at, table_name, row_id, operation, before, after,
                                   user_id, acting_organisation_id, organisation_id)
  VALUES (clock_timestamp(), TG_TABLE_NAME, row_data->>'id', left(TG_OP, 1), old_row, new_row,
          nullif(current_setting('globa.user_id', true), '')::bigint, acting, row_org);
  RETURN NULL;
END
$$;

-- Whether a service delivery's notes are for the specialist team only (its service says so):
-- the audit trail, read by more people than those notes, then does not copy them.
CREATE OR REPLACE FUNCTION globa_restricted_notes(delivery jsonb) RETURNS boolean
LANGUAGE sql STABLE
AS $$
  SELECT coalesce((SELECT s.restricted_notes FROM public.support_service s
                    WHERE s.id = (delivery->>'service_id')::bigint), false)
$$;


-- Counts the database keeps on each household's row (registry_carerhousehold.placed_open,
-- placed_settled_from, own_living) --------------------------------------------------------

-- How many children are placed with the household on the day, whoever may see them.
CREATE OR REPLACE FUNCTION globa_placed(household uuid, day date) RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
  SELECT ((SELECT count(*) FROM public.registry_placement p
            WHERE p.household_id = household AND p.ended_on IS NULL AND p.started_on <= day)
        + (SELECT count(*) FROM public.registry_placement p
            WHERE p.household_id = household AND p.ended_on > day AND p.started_on <= day))::int
$$;

-- Recounts the households. Their rows are locked first, waiting for any other transaction
-- recounting them; the count, a statement later, then includes what that one committed.
CREATE OR REPLACE FUNCTION globa_household_recount(households uuid[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
BEGIN
  IF households IS NULL OR cardinality(households) = 0 THEN
    RETURN;
  END IF;
  PERFORM 1 FROM public.registry_carerhousehold h WHERE h.id = ANY (households)
    ORDER BY h.id FOR NO KEY UPDATE;
  UPDATE public.registry_carerhousehold h
     SET placed_open = (SELECT count(*) FROM public.registry_placement p
                         WHERE p.household_id = h.id AND p.ended_on IS NULL),
         placed_settled_from = (SELECT greatest(max(p.started_on), max(p.ended_on))
                                  FROM public.registry_placement p WHERE p.household_id = h.id),
         own_living = (SELECT count(*) FROM public.registry_householdownchild c
                        WHERE c.household_id = h.id AND c.lives_in_household)
   WHERE h.id = ANY (households);
END
$$;
-- Only the triggers below (running as the owner) need it.
REVOKE EXECUTE ON FUNCTION globa_household_recount(uuid[]) FROM PUBLIC;

-- Statement-level trigger of placements and own children: recounts the households changed.
CREATE OR REPLACE FUNCTION globa_household_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
  households uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT household_id) INTO households FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT household_id) INTO households FROM old_rows;
  ELSE
    SELECT array_agg(DISTINCT household_id) INTO households
      FROM (SELECT household_id FROM old_rows UNION SELECT household_id FROM new_rows) changed;
  END IF;
  PERFORM globa_household_recount(array_remove(households, NULL));
  RETURN NULL;
END
$$;

-- Guard trigger: only the table's owner (the recount) may set the counts.
CREATE OR REPLACE FUNCTION globa_household_counts_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp
AS $$
BEGIN
  IF current_user = (SELECT r.rolname FROM pg_catalog.pg_class c
                       JOIN pg_catalog.pg_roles r ON r.oid = c.relowner
                      WHERE c.oid = TG_RELID) THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'INSERT' AND (NEW.placed_open, NEW.placed_settled_from, NEW.own_living)
                          IS DISTINCT FROM (0, NULL::date, 0)
     OR TG_OP = 'UPDATE' AND (NEW.placed_open, NEW.placed_settled_from, NEW.own_living)
                          IS DISTINCT FROM (OLD.placed_open, OLD.placed_settled_from, OLD.own_living)
  THEN
    RAISE EXCEPTION 'a household''s counts are kept by the database'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;


-- Rules answered on every record, showing none ------------------------------------------
-- A rule must be evaluated on all the facts, also those of records the asking user may not
-- see (another centre's placement with the same household). These functions run as the
-- owner and answer only their question.

-- Whether a child of the sibling group lives with the household on the day (the capacity
-- rule lets a family exceed its limit to keep siblings together).
CREATE OR REPLACE FUNCTION globa_keeps_siblings(household uuid, sibling_group uuid, day date)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
  SELECT EXISTS (
    SELECT 1 FROM public.registry_placement p
      JOIN public.registry_child c ON c.id = p.child_id
     WHERE p.household_id = household AND c.sibling_group_id = sibling_group
       AND p.started_on <= day AND (p.ended_on IS NULL OR p.ended_on > day))
$$;

-- The capacity rule in force, defined once: the placement check
-- (registry.selectors.capacity_rule_for), on-call availability, the public figures and the
-- data generator all read it. ``valid_to`` is the first day a version no longer applies
-- (valid_from <= day < valid_to). It returns the rule's row, or none when no version is in
-- force.
CREATE OR REPLACE FUNCTION globa_capacity(household_kind text, day date)
RETURNS SETOF public.registry_capacityrule
LANGUAGE sql STABLE
AS $$
  SELECT r.* FROM public.registry_capacityrule r
   WHERE r.household_kind = globa_capacity.household_kind
     AND r.valid_from <= globa_capacity.day
     AND (r.valid_to IS NULL OR r.valid_to > globa_capacity.day)
   ORDER BY r.valid_from DESC
   LIMIT 1
$$;

-- The centre an inquiry from the public form went to (by the form's key): the form, sent
-- again with a correction, updates the inquiry it made wherever it was routed. Answers the
-- centre only, never the person.
CREATE OR REPLACE FUNCTION globa_inquiry_centre(submission uuid) RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
  SELECT c.centre_id FROM public.carers_candidate c WHERE c.submission = globa_inquiry_centre.submission
$$;

-- A child of a family case in the registry of the organisation that runs the case, found by
-- the exact personal code (cases.services.child_add). Case managers do not read the registry:
-- the database answers a caller who works with that organisation's cases, for the one child
-- with that code, its id, names and birth date; never a list, never another centre's child.
CREATE OR REPLACE FUNCTION globa_case_child_in_registry(code text, org bigint)
RETURNS TABLE (id uuid, first_name text, last_name text, birth_date date)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
  SELECT c.id, c.first_name::text, c.last_name::text, c.birth_date
    FROM public.registry_child c
   WHERE public.globa_in_case_scope(org) AND c.centre_id = org AND c.personal_code = code
$$;

-- On-call care, one row per active on-call carer on a day: its centre and municipality, its
-- places by the contract in force (capped by the capacity rule), the children placed, the
-- free places (none without a contract or on respite) and what the contract takes. Computed
-- as for matching (oncall.availability.AVAILABILITY_SQL; a test keeps the two the same). The
-- one computation of places and free places for the public figures, the monitoring
-- indicators and the other centres' offers; a row per carer, so only those functions, run as
-- the owner, may call it.
CREATE OR REPLACE FUNCTION globa_on_call_carers(day date)
RETURNS TABLE (centre_id bigint, municipality_id bigint, places integer, placed integer,
               free integer, age_min integer, age_max integer, accepts_siblings boolean,
               accepts_disability boolean)
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp
AS $$
  WITH rule AS MATERIALIZED (
      SELECT max_placed, max_total FROM public.globa_capacity('on_call', day)
  ), respite AS (
      SELECT contract_id FROM public.carers_respite
       WHERE starts_on <= day AND ends_on >= day GROUP BY contract_id
  ), carers AS (
      SELECT h.centre_id, h.municipality_id, c.id AS contract_id, r.contract_id AS on_respite,
             c.age_min, c.age_max, c.accepts_siblings, c.accepts_disability,
             CASE WHEN h.placed_settled_from IS NULL OR h.placed_settled_from <= day
                  THEN h.placed_open
                  ELSE globa_placed(h.id, day) END AS placed,
             h.own_living AS own,
             CASE WHEN c.id IS NULL THEN 0
                  ELSE least(c.places, coalesce((SELECT max_placed FROM rule), c.places)) END
               AS places
        FROM public.registry_carerhousehold h
        LEFT JOIN public.carers_contract c
          ON c.household_id = h.id AND c.starts_on <= day AND c.ends_on >= day
        LEFT JOIN respite r ON r.contract_id = c.id
       WHERE h.kind = 'on_call' AND h.status = 'active'
  )
  SELECT centre_id, municipality_id, places::int, placed::int,
         (CASE WHEN contract_id IS NULL OR on_respite IS NOT NULL THEN 0
               ELSE greatest(least(places - placed,
                                   coalesce((SELECT max_total FROM rule) - placed - own,
                                            places - placed)), 0)
          END)::int,
         age_min::int, age_max::int, accepts_siblings, accepts_disability
    FROM carers
$$;
REVOKE EXECUTE ON FUNCTION globa_on_call_carers(date) FROM PUBLIC;

-- Emergency matching across centres: the free places of the on-call carers of the other
-- active centres on the day, one row per carer with a free place, with what the carer takes
-- (ages, siblings, disability) and no name, household or child.
CREATE OR REPLACE FUNCTION globa_on_call_places_elsewhere(day date, not_centre bigint,
                                                          oldest integer)
RETURNS TABLE (centre_id bigint, municipality_id bigint, free integer, age_min integer,
               age_max integer, accepts_siblings boolean, accepts_disability boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
  SELECT c.centre_id, c.municipality_id, c.free, coalesce(c.age_min, 0),
         coalesce(c.age_max, oldest), coalesce(c.accepts_siblings, false),
         coalesce(c.accepts_disability, false)
    FROM public.globa_on_call_carers(day) c
    JOIN public.organisations_organisation o ON o.id = c.centre_id AND o.is_active
   WHERE c.centre_id <> not_centre AND c.free > 0
$$;


-- An accepted placement request passes the children's records to the receiving centre: the
-- child, its relatives and its sibling group (a child and its relations stay within one
-- centre). Only while the request waits for an answer, by someone working in the receiving
-- centre (its scope), and only for a child with no other record yet anywhere (no placement,
-- service, document, assessment…: every table referring to the child is asked), so that no
-- record of the first centre points at a child it can no longer see. Returns '' when done,
-- else the child's id that could not pass. The changes are audited by the tables' triggers.
CREATE OR REPLACE FUNCTION globa_transfer_children(request uuid) RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
  req record;
  ref record;
  kid uuid;
  found boolean;
  grp uuid;
BEGIN
  SELECT * INTO req FROM public.oncall_placementrequest r WHERE r.id = request FOR UPDATE;
  IF req IS NULL OR req.status <> 'sent' OR NOT globa_in_scope(req.to_centre_id) THEN
    RAISE EXCEPTION 'placement request % cannot be accepted here', request;
  END IF;
  FOREACH kid IN ARRAY req.children LOOP
    IF NOT EXISTS (SELECT 1 FROM public.registry_child c
                    WHERE c.id = kid AND c.centre_id = req.from_centre_id) THEN
      RETURN kid::text;
    END IF;
    FOR ref IN
      SELECT con.conrelid::regclass AS tbl, att.attname AS col
        FROM pg_constraint con
        JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = con.conkey[1]
       WHERE con.contype = 'f' AND con.confrelid = 'public.registry_child'::regclass
         AND con.conrelid <> 'public.registry_relative'::regclass
    LOOP
      EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s WHERE %I = $1)', ref.tbl, ref.col)
        INTO found USING kid;
      IF found THEN
        RETURN kid::text;
      END IF;
    END LOOP;
    SELECT c.sibling_group_id INTO grp FROM public.registry_child c WHERE c.id = kid;
    IF grp IS NOT NULL AND EXISTS (
        SELECT 1 FROM public.registry_child c
         WHERE c.sibling_group_id = grp AND NOT (c.id = ANY (req.children))) THEN
      RETURN kid::text;
    END IF;
  END LOOP;
  UPDATE public.registry_siblinggroup g SET centre_id = req.to_centre_id
   WHERE g.id IN (SELECT c.sibling_group_id FROM public.registry_child c
                   WHERE c.id = ANY (req.children) AND c.sibling_group_id IS NOT NULL);
  UPDATE public.registry_relative r SET centre_id = req.to_centre_id
   WHERE r.child_id = ANY (req.children);
  UPDATE public.registry_child c SET centre_id = req.to_centre_id
   WHERE c.id = ANY (req.children);
  RETURN '';
END;
$$;


-- Assessments and plans ---------------------------------------------------------------------

-- Who may see an assessment's or a plan's rows: a family's with the case scope, a staff
-- member's with either scope of the organisation (the application narrows it to the person
-- and their managers), every other with the registry scope.
CREATE OR REPLACE FUNCTION globa_in_assessment_scope(kind text, org bigint) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT CASE kind WHEN 'family' THEN globa_in_case_scope(org)
                   WHEN 'staff' THEN globa_in_scope(org) OR globa_in_case_scope(org)
                   ELSE globa_in_scope(org) END
$$;

-- Whether an answer's evidence is psychological content (its domain is restricted): the
-- audit trail, read more widely, then does not copy it.
CREATE OR REPLACE FUNCTION globa_restricted_evidence(answer jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE
AS $$ SELECT coalesce((answer ->> 'restricted')::boolean, false) $$;

-- A published instrument version, its domains and items never change: assessments were
-- made with them. A new version is published instead.
CREATE OR REPLACE FUNCTION globa_instrument_unchanged() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  RAISE EXCEPTION 'a published instrument version never changes (%); publish a new version',
    TG_TABLE_NAME USING ERRCODE = 'check_violation', CONSTRAINT = 'instrument_published';
END
$$;

-- A completed assessment is locked: it is only approved or returned (once), nothing else of
-- it changes and it is not deleted; a correction is an amendment, a new row.
CREATE OR REPLACE FUNCTION globa_assessment_locked() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  decision text[] := ARRAY['status', 'decided_by_id', 'decided_at', 'decision_note', 'version',
                           'updated_at', 'completed_at', 'scores'];
BEGIN
  IF OLD.status NOT IN ('completed', 'approved') THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  -- The improvement since the first assessment is derived from the subject's done
  -- assessments and written again when another of them is done or returned.
  IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'improvement') = (to_jsonb(OLD) - 'improvement') THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.status = 'completed'
     AND (to_jsonb(NEW) - decision) = (to_jsonb(OLD) - decision)
     AND (NEW.status = 'returned'
          OR NEW.status = 'approved' AND NEW.scores = OLD.scores
             AND NEW.completed_at = OLD.completed_at) THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND public.globa_anonymising()
     AND (to_jsonb(NEW) - public.globa_assessment_free_text(TG_TABLE_NAME))
         = (to_jsonb(OLD) - public.globa_assessment_free_text(TG_TABLE_NAME)) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'assessment % is % and locked; correct it by an amendment', OLD.id, OLD.status
    USING ERRCODE = 'check_violation', CONSTRAINT = 'assessment_locked';
END
$$;

-- An assessment's answers, informants and domain ratings change only while it is open, and
-- an answer's item (a rating's domain) is of the version the assessment uses. Runs as the
-- owner to read the assessment whatever the caller's scope.
CREATE OR REPLACE FUNCTION globa_assessment_part_locked() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
  parent uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.assessment_id ELSE NEW.assessment_id END;
  state text;
  used bigint;
  row_data jsonb := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);
BEGIN
  IF TG_OP = 'UPDATE' AND public.globa_anonymising()
     AND (row_data - public.globa_assessment_free_text(TG_TABLE_NAME))
         = (to_jsonb(OLD) - public.globa_assessment_free_text(TG_TABLE_NAME)) THEN
    RETURN NEW;
  END IF;
  SELECT a.status, a.instrument_version_id INTO state, used
    FROM public.assessments_assessment a WHERE a.id = parent;
  IF state IN ('completed', 'approved')
     OR TG_OP = 'UPDATE' AND (to_jsonb(OLD) ->> 'assessment_id') <> (row_data ->> 'assessment_id')
  THEN
    RAISE EXCEPTION 'assessment % is % and locked; correct it by an amendment', parent, state
      USING ERRCODE = 'check_violation', CONSTRAINT = 'assessment_locked';
  END IF;
  IF TG_OP <> 'DELETE' AND TG_TABLE_NAME = 'assessments_answer' AND NOT EXISTS (
       SELECT 1 FROM public.assessments_item i
        WHERE i.id = (row_data ->> 'item_id')::bigint AND i.version_id = used)
     OR TG_OP <> 'DELETE' AND TG_TABLE_NAME = 'assessments_domainrating' AND NOT EXISTS (
       SELECT 1 FROM public.assessments_domain d
        WHERE d.id = (row_data ->> 'domain_id')::bigint AND d.version_id = used)
  THEN
    RAISE EXCEPTION 'the item is not of the instrument version assessment % uses', parent
      USING ERRCODE = 'check_violation', CONSTRAINT = 'answer_of_the_version';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;

-- The free text of an assessment's rows: what anonymisation removes from a completed one.
CREATE OR REPLACE FUNCTION globa_assessment_free_text(tbl name) RETURNS text[]
LANGUAGE sql IMMUTABLE
AS $$
  SELECT CASE tbl
    WHEN 'assessments_assessment' THEN ARRAY['summary', 'decision_note', 'amendment_reason',
                                             'updated_at']
    WHEN 'assessments_answer' THEN ARRAY['evidence', 'updated_at']
    WHEN 'assessments_domainrating' THEN ARRAY['strengths', 'updated_at']
    WHEN 'assessments_informant' THEN ARRAY['name']
    ELSE ARRAY[]::text[] END
$$;

-- The transactions in which globa_anonymise_assessments() is running: written by that
-- function alone (it runs as the owner); nobody else may read or write the table.
CREATE TABLE IF NOT EXISTS globa_anonymisation (txid bigint PRIMARY KEY);
COMMENT ON TABLE globa_anonymisation IS
  'The transaction globa_anonymise_assessments() runs in: a completed assessment''s lock lets its changes of free text through.';
SELECT globa_revoke_from_all('globa_anonymisation', 'ALL');

-- True while globa_anonymise_assessments() runs in this transaction. No role but the owner
-- can make it so: the web's role, or the system role itself, saying it anonymises passes no
-- lock.
CREATE OR REPLACE FUNCTION globa_anonymising() RETURNS boolean
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
  SELECT EXISTS (SELECT 1 FROM public.globa_anonymisation WHERE txid = txid_current())
$$;
DROP FUNCTION IF EXISTS globa_anonymising(oid);
DROP FUNCTION IF EXISTS globa_assessment_state(uuid);
DROP FUNCTION IF EXISTS globa_item_of_version(text, bigint, bigint);

-- Anonymises assessments whose retention ended (globa.retention, in the background): their
-- free text goes (the summary and comments, the evidence, the strengths named, the
-- informants' names); the ratings, the scores, the dates and the statuses stay, completed or
-- not. The only way past a completed assessment's lock, and only for those columns; only the
-- system role may call it (granted by the migration). Returns the assessments changed.
CREATE OR REPLACE FUNCTION globa_anonymise_assessments(ids uuid[], anonymous text)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
  changed integer;
BEGIN
  INSERT INTO public.globa_anonymisation VALUES (txid_current()) ON CONFLICT DO NOTHING;
  UPDATE public.assessments_answer SET evidence = ''
   WHERE assessment_id = ANY (ids) AND evidence <> '';
  UPDATE public.assessments_domainrating SET strengths = ''
   WHERE assessment_id = ANY (ids) AND strengths <> '';
  UPDATE public.assessments_informant SET name = anonymous
   WHERE assessment_id = ANY (ids) AND name <> anonymous;
  -- A returned assessment keeps a comment, an amendment a reason (their constraints): the
  -- placeholder, not the words.
  UPDATE public.assessments_assessment
     SET summary = '',
         decision_note = CASE WHEN status = 'returned' THEN anonymous ELSE '' END,
         amendment_reason = CASE WHEN amends_id IS NOT NULL THEN anonymous ELSE '' END
   WHERE id = ANY (ids);
  GET DIAGNOSTICS changed = ROW_COUNT;
  DELETE FROM public.globa_anonymisation WHERE txid = txid_current();
  RETURN changed;
END
$$;
REVOKE EXECUTE ON FUNCTION globa_anonymise_assessments(uuid[], text) FROM PUBLIC;

-- Retention -------------------------------------------------------------------------------

-- The audit trail forgets the identifying values of a record whose time is up (anonymised by
-- globa.retention): in every change of these rows, these fields read '(anonymised)'. The rows
-- stay. It runs as the owner (only the owner writes audit_change); only the system role, which
-- runs the approved anonymisation in the background, may call it (granted by the migration).
CREATE OR REPLACE FUNCTION globa_audit_forget(tbl text, row_ids text[], fields text[])
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
  changed integer;
BEGIN
  UPDATE public.audit_change a
     SET before = (SELECT jsonb_object_agg(e.key, CASE WHEN e.key = ANY (fields)
                                                        AND e.value <> 'null'::jsonb
                                                        AND e.value <> '""'::jsonb
                                                   THEN to_jsonb('(anonymised)'::text)
                                                   ELSE e.value END)
                     FROM jsonb_each(a.before) e),
         after = (SELECT jsonb_object_agg(e.key, CASE WHEN e.key = ANY (fields)
                                                       AND e.value <> 'null'::jsonb
                                                       AND e.value <> '""'::jsonb
                                                  THEN to_jsonb('(anonymised)'::text)
                                                  ELSE e.value END)
                    FROM jsonb_each(a.after) e)
   WHERE a.table_name = tbl AND a.row_id = ANY (row_ids);
  GET DIAGNOSTICS changed = ROW_COUNT;
  RETURN changed;
END
$$;
REVOKE EXECUTE ON FUNCTION globa_audit_forget(text, text[], text[]) FROM PUBLIC;


-- Monitoring -------------------------------------------------------------------------------

-- On-call care per centre on a day: the active on-call carers, their places by contract, the
-- children with them and the free places. The public figures add these up by municipality
-- (globa_on_call_figures), the monitoring indicators by centre: one computation.
CREATE OR REPLACE FUNCTION globa_on_call_by_centre(day date)
RETURNS TABLE (centre_id bigint, municipality_id bigint, carers integer, places integer,
               children integer, free integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
  SELECT centre_id, municipality_id, count(*)::int, sum(places)::int, sum(placed)::int,
         sum(free)::int
    FROM public.globa_on_call_carers(day)
   GROUP BY centre_id, municipality_id
$$;

-- The public figures of on-call care (carers.selectors.public_figures): per municipality, the
-- active on-call carers, their places by contract, the children with them and the free
-- places, on the day. Counts only, never a row. The places and free places are computed as
-- for matching (oncall.availability.AVAILABILITY_SQL); a test keeps the two the same.
CREATE OR REPLACE FUNCTION globa_on_call_figures(day date)
RETURNS TABLE (municipality_id bigint, carers integer, places integer, children integer,
               free integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
  SELECT municipality_id, sum(carers)::int, sum(places)::int, sum(children)::int,
         sum(free)::int
    FROM public.globa_on_call_by_centre(day)
   GROUP BY municipality_id
$$;

-- The age band of the monitoring indicators at a day: 0-2, 3-6, 7-13, 14-17, 18-21.
CREATE OR REPLACE FUNCTION globa_age_band(birth date, day date) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE WHEN a < 3 THEN '0-2' WHEN a < 7 THEN '3-6' WHEN a < 14 THEN '7-13'
              WHEN a < 18 THEN '14-17' ELSE '18-21' END
    FROM (SELECT extract(year FROM age(day, birth))::int AS a) x
$$;

-- The monitoring facts (globa.monitoring.indicators): each function counts one area's records
-- for a period [d_from, d_to] (stocks on d_to, the period's last day) and returns counts per
-- organisation and municipality, by measure and category, never a row of a person. They run
-- as the owner because figures are read by people who may see no record (a national
-- monitor, the public); who sees which figures, and with which disclosure control, is decided
-- by the application (globa.monitoring.compute).
--
-- Children in care, from their placements. A placement covers the days from its start to the
-- day before its end ([started_on, ended_on)): it is in the stock of a day it covers, an entry
-- on its start and an exit on its end, unless the child moved on the same day from or to
-- another placement (a move is neither an entry nor an exit).
CREATE OR REPLACE FUNCTION globa_monitoring_children(d_from date, d_to date)
RETURNS TABLE (org_id bigint, municipality_id bigint, measure text, category text, value bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
  WITH p AS MATERIALIZED (
      SELECT p.child_id, p.centre_id, c.municipality_id, p.started_on, p.ended_on,
             p.end_reason, c.birth_date, c.sex, c.has_disability, c.legal_status,
             h.kind AS household_kind,
             coalesce(h.kind, CASE o.kind WHEN 'family_home' THEN 'family_home'
                                          ELSE o.kind END) AS care_type,
             EXISTS (SELECT 1 FROM public.registry_placement q
                      WHERE q.child_id = p.child_id AND q.ended_on = p.started_on) AS continues,
             EXISTS (SELECT 1 FROM public.registry_placement q
                      WHERE q.child_id = p.child_id AND q.started_on = p.ended_on) AS moves_on
        FROM public.registry_placement p
        JOIN public.registry_child c ON c.id = p.child_id
        LEFT JOIN public.registry_carerhousehold h ON h.id = p.household_id
        LEFT JOIN public.organisations_organisation o ON o.id = p.institution_id
       WHERE p.started_on <= d_to AND (p.ended_on IS NULL OR p.ended_on >= d_from)
  ), stock AS MATERIALIZED (
      SELECT * FROM p WHERE started_on <= d_to AND (ended_on IS NULL OR ended_on > d_to)
  ), during AS MATERIALIZED (
      -- Placements that cover a day of the period.
      SELECT * FROM p WHERE ended_on IS NULL OR ended_on > d_from
  )
  SELECT centre_id, municipality_id, 'in_care', care_type, count(*) FROM stock GROUP BY 1, 2, 4
  UNION ALL
  SELECT centre_id, municipality_id, 'in_care_sex', sex, count(*) FROM stock GROUP BY 1, 2, 4
  UNION ALL
  SELECT centre_id, municipality_id, 'in_care_age', globa_age_band(birth_date, d_to), count(*)
    FROM stock GROUP BY 1, 2, 4
  UNION ALL
  SELECT centre_id, municipality_id, 'in_care_disability',
         CASE WHEN has_disability THEN 'yes' ELSE 'no' END, count(*) FROM stock GROUP BY 1, 2, 4
  UNION ALL
  SELECT centre_id, municipality_id, 'in_care_legal', legal_status, count(*)
    FROM stock GROUP BY 1, 2, 4
  UNION ALL
  SELECT centre_id, municipality_id, 'entries', care_type, count(*) FROM p
   WHERE started_on >= d_from AND NOT continues GROUP BY 1, 2, 4
  UNION ALL
  SELECT centre_id, municipality_id, 'exits', end_reason, count(*) FROM p
   WHERE ended_on BETWEEN d_from AND d_to AND NOT moves_on GROUP BY 1, 2, 4
  UNION ALL
  SELECT centre_id, municipality_id, 'kept_out',
         CASE WHEN min(birth_date) > min(started_on) - interval '1 year' THEN 'infant'
              ELSE 'older' END, 1
    FROM during WHERE household_kind = 'on_call'
   GROUP BY centre_id, municipality_id, child_id
  UNION ALL
  SELECT centre_id, municipality_id, 'stability',
         CASE WHEN n >= 3 THEN '3+' ELSE n::text END, count(*)
    FROM (SELECT child_id, min(centre_id) AS centre_id, min(municipality_id) AS municipality_id,
                 count(*) AS n
            FROM during GROUP BY child_id) x
   GROUP BY 1, 2, 4
  UNION ALL
  SELECT c.centre_id, c.municipality_id, 'after_18', c.sex, count(*)
    FROM public.registry_child c
   WHERE c.support_extended_until >= d_from
     AND (c.birth_date + interval '18 years')::date <= d_to
     AND (c.birth_date + interval '18 years')::date <= c.support_extended_until
   GROUP BY 1, 2, 4
$$;

-- Carer households and their coordinators on d_to. A household "is caring" on a day when a
-- child is placed with it or it holds an on-call contract that day.
CREATE OR REPLACE FUNCTION globa_monitoring_households(d_from date, d_to date)
RETURNS TABLE (org_id bigint, municipality_id bigint, measure text, category text, value bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
  WITH caring AS MATERIALIZED (
      SELECT h.id, h.centre_id, h.municipality_id, h.kind,
             EXISTS (SELECT 1 FROM public.registry_coordinatorassignment a
                      WHERE a.household_id = h.id AND a.started_on <= d_to
                        AND (a.ended_on IS NULL OR a.ended_on > d_to)) AS coordinated,
             r.interval_days,
             (SELECT max(d.delivered_on) FROM public.support_delivery d
               WHERE d.household_id = h.id AND d.session_id IS NULL
                 AND d.delivered_on <= d_to) AS last_contact
        FROM public.registry_carerhousehold h
        LEFT JOIN public.support_contactrule r ON r.household_kind = h.kind
       WHERE EXISTS (SELECT 1 FROM public.registry_placement p
                      WHERE p.household_id = h.id AND p.started_on <= d_to
                        AND (p.ended_on IS NULL OR p.ended_on > d_to))
          OR EXISTS (SELECT 1 FROM public.carers_contract c
                      WHERE c.household_id = h.id AND c.starts_on <= d_to AND c.ends_on >= d_to)
  ), assigned AS (
      SELECT a.centre_id, h.municipality_id, a.coordinator_id, count(*) AS n
        FROM public.registry_coordinatorassignment a
        JOIN public.registry_carerhousehold h ON h.id = a.household_id
       WHERE a.started_on <= d_to AND (a.ended_on IS NULL OR a.ended_on > d_to)
       GROUP BY 1, 2, 3
  )
  SELECT centre_id, municipality_id, 'caring', kind, count(*) FROM caring GROUP BY 1, 2, 4
  UNION ALL
  SELECT centre_id, municipality_id, 'coordinated', kind, count(*) FROM caring
   WHERE coordinated GROUP BY 1, 2, 4
  UNION ALL
  SELECT centre_id, municipality_id, 'contact_due', kind, count(*) FROM caring
   WHERE interval_days IS NOT NULL GROUP BY 1, 2, 4
  UNION ALL
  SELECT centre_id, municipality_id, 'contact_met', kind, count(*) FROM caring
   WHERE interval_days IS NOT NULL AND last_contact >= d_to - interval_days GROUP BY 1, 2, 4
  UNION ALL
  SELECT centre_id, municipality_id, 'assignments', '', sum(n)::bigint FROM assigned GROUP BY 1, 2
  UNION ALL
  SELECT centre_id, municipality_id, 'coordinators', '', count(*) FROM assigned GROUP BY 1, 2
  UNION ALL
  SELECT centre_id, municipality_id, 'on_call_carers', '', sum(carers)::bigint
    FROM public.globa_on_call_by_centre(d_to) GROUP BY 1, 2
  UNION ALL
  SELECT centre_id, municipality_id, 'on_call_places', '', sum(places)::bigint
    FROM public.globa_on_call_by_centre(d_to) GROUP BY 1, 2
  UNION ALL
  SELECT centre_id, municipality_id, 'on_call_free', '', sum(free)::bigint
    FROM public.globa_on_call_by_centre(d_to) GROUP BY 1, 2
$$;

-- Services given in the period, by the provider that gave them (its municipality and sector):
-- category is "service code|sector". A person served is a child, a household, a group member
-- or a named person (the first of them the record names); a record naming none (a service
-- in a case) counts as a person of its own; one served twice by the same provider with the
-- same service is counted once. The records are first added up on the typed columns (hash
-- aggregates, no text keys to build or sort) two ways: by provider, service and person, and
-- by provider, form and person; then by provider and service, and by provider and form (one
-- served in two forms is counted in each). The names of the categories are joined to those
-- few rows.
CREATE OR REPLACE FUNCTION globa_monitoring_services(d_from date, d_to date)
RETURNS TABLE (org_id bigint, municipality_id bigint, measure text, category text, value bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
  WITH d AS (
      SELECT d.provider_id, d.service_id, d.form, d.minutes, d.child_id,
             CASE WHEN d.child_id IS NULL THEN d.household_id END AS household_id,
             CASE WHEN d.child_id IS NULL AND d.household_id IS NULL
                  THEN d.group_member_id END AS group_member_id,
             CASE WHEN d.child_id IS NULL AND d.household_id IS NULL
                       AND d.group_member_id IS NULL THEN nullif(d.person_name, '') END AS named,
             CASE WHEN d.child_id IS NULL AND d.household_id IS NULL
                       AND d.group_member_id IS NULL AND nullif(d.person_name, '') IS NULL
                  THEN d.id END AS record_id
        FROM public.support_delivery d
       WHERE d.delivered_on BETWEEN d_from AND d_to
  ), person AS (
      SELECT provider_id, service_id, count(*) AS deliveries, sum(minutes) AS minutes
        FROM d
       GROUP BY provider_id, service_id, child_id, household_id, group_member_id, named,
                record_id
  ), person_form AS (
      SELECT provider_id, form, count(*) AS deliveries
        FROM d
       GROUP BY provider_id, form, child_id, household_id, group_member_id, named, record_id
  ), served AS MATERIALIZED (
      SELECT p.provider_id, coalesce(o.municipality_id, o.id) AS municipality_id,
             s.code || '|' || o.sector AS category, sum(p.deliveries)::bigint AS deliveries,
             count(*) AS people, sum(p.minutes)::bigint / 60 AS hours
        FROM person p
        JOIN public.support_service s ON s.id = p.service_id
        JOIN public.organisations_organisation o ON o.id = p.provider_id
       GROUP BY p.provider_id, o.municipality_id, o.id, s.code, o.sector
  ), by_form AS (
      SELECT p.provider_id, coalesce(o.municipality_id, o.id) AS municipality_id, p.form,
             sum(p.deliveries)::bigint AS deliveries, count(*) AS people
        FROM person_form p
        JOIN public.organisations_organisation o ON o.id = p.provider_id
       GROUP BY p.provider_id, o.municipality_id, o.id, p.form
  )
  SELECT provider_id, municipality_id, 'deliveries', category, deliveries FROM served
  UNION ALL
  SELECT provider_id, municipality_id, 'people', category, people FROM served
  UNION ALL
  SELECT provider_id, municipality_id, 'hours', category, hours FROM served
  UNION ALL
  -- The services delivered and the people served by form (at the office, at home, remotely,
  -- by phone).
  SELECT provider_id, municipality_id, 'deliveries_form', form, deliveries FROM by_form
  UNION ALL
  SELECT provider_id, municipality_id, 'people_form', form, people FROM by_form
$$;

-- The municipalities' service contracts with providers, for the NGO share by funding:
-- a contract's amount is spread evenly over the days of its agreed period (starts_on to
-- ends_on) and evenly over its service types; the period counts the days it shares with the
-- contract until its last day (ended_on when ended early). Each share is rounded to cents,
-- the sums to whole euros. Measures: 'funding' by service|sector, 'funding_sector' by sector,
-- 'contracts' (contracts with a day in the period) by service|sector. The row is the
-- provider's, in the contract's municipality.
CREATE OR REPLACE FUNCTION globa_monitoring_contracts(d_from date, d_to date)
RETURNS TABLE (org_id bigint, municipality_id bigint, measure text, category text, value bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
  WITH c AS MATERIALIZED (
      SELECT c.id, c.provider_id, c.municipality_id, o.sector, c.amount,
             (c.ends_on - c.starts_on + 1) AS days,
             (least(coalesce(c.ended_on, c.ends_on), d_to) - greatest(c.starts_on, d_from) + 1)
               AS overlap,
             (SELECT count(*) FROM public.monitoring_servicecontract_services x
               WHERE x.servicecontract_id = c.id) AS types
        FROM public.monitoring_servicecontract c
        JOIN public.organisations_organisation o ON o.id = c.provider_id
       WHERE c.starts_on <= d_to AND coalesce(c.ended_on, c.ends_on) >= d_from
  ), s AS MATERIALIZED (
      SELECT c.id, c.provider_id, c.municipality_id, c.sector, sv.code || '|' || c.sector AS category,
             round(c.amount * c.overlap / (c.days * c.types), 2) AS share
        FROM c
        JOIN public.monitoring_servicecontract_services x ON x.servicecontract_id = c.id
        JOIN public.support_service sv ON sv.id = x.service_id
  )
  SELECT provider_id, municipality_id, 'funding', category, round(sum(share))::bigint
    FROM s GROUP BY 1, 2, 4
  UNION ALL
  SELECT provider_id, municipality_id, 'funding_sector', sector, round(sum(share))::bigint
    FROM s GROUP BY 1, 2, 4
  UNION ALL
  SELECT provider_id, municipality_id, 'contracts', category, count(DISTINCT id)
    FROM s GROUP BY 1, 2, 4
$$;

-- Training in the period (GIMK and the training of staff), by the programme's target group
-- (its kind): groups that held a session, sessions, attendances, people who attended and
-- people certified.
CREATE OR REPLACE FUNCTION globa_monitoring_training(d_from date, d_to date)
RETURNS TABLE (org_id bigint, municipality_id bigint, measure text, category text, value bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
  WITH s AS MATERIALIZED (
      SELECT g.centre_id, coalesce(o.municipality_id, o.id) AS municipality_id, pr.kind,
             t.id AS session_id, g.id AS group_id
        FROM public.carers_trainingsession t
        JOIN public.carers_traininggroup g ON g.id = t.group_id
        JOIN public.carers_programme pr ON pr.id = g.programme_id
        JOIN public.organisations_organisation o ON o.id = g.centre_id
       WHERE t.held_on BETWEEN d_from AND d_to
  )
  SELECT centre_id, municipality_id, 'groups', kind, count(DISTINCT group_id) FROM s
   GROUP BY 1, 2, 4
  UNION ALL
  SELECT centre_id, municipality_id, 'sessions', kind, count(*) FROM s GROUP BY 1, 2, 4
  UNION ALL
  SELECT s.centre_id, s.municipality_id, 'attendances', s.kind, count(*)
    FROM s JOIN public.carers_attendance a ON a.session_id = s.session_id GROUP BY 1, 2, 4
  UNION ALL
  SELECT s.centre_id, s.municipality_id, 'attended', s.kind, count(DISTINCT a.participant_id)
    FROM s JOIN public.carers_attendance a ON a.session_id = s.session_id GROUP BY 1, 2, 4
  UNION ALL
  SELECT g.centre_id, coalesce(o.municipality_id, o.id), 'certified', pr.kind, count(*)
    FROM public.carers_participant pa
    JOIN public.carers_traininggroup g ON g.id = pa.group_id
    JOIN public.carers_programme pr ON pr.id = g.programme_id
    JOIN public.organisations_organisation o ON o.id = g.centre_id
   WHERE pa.certificate_on BETWEEN d_from AND d_to
   GROUP BY 1, 2, 4
$$;

-- Assessments completed (dated in the period, completed or approved) by whom they assess,
-- and plans that start in the period by kind. The change since the first assessment, by
-- instrument: of each person's latest done assessment with an instrument dated in the
-- period (one not replaced by a done amendment), its improvement (kept by the assessments
-- app, globa.assessments.selectors.Change.improvement) summed in hundredths, and the people
-- who have one (a first assessment has none), for the mean.
CREATE OR REPLACE FUNCTION globa_monitoring_assessments(d_from date, d_to date)
RETURNS TABLE (org_id bigint, municipality_id bigint, measure text, category text, value bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
  WITH latest AS MATERIALIZED (
      SELECT DISTINCT ON (a.subject_kind, a.family_case_id, a.child_id, a.candidate_id,
                          a.household_id, a.staff_id, v.instrument_id)
             a.organisation_id, i.code AS instrument, a.improvement
        FROM public.assessments_assessment a
        JOIN public.assessments_instrumentversion v ON v.id = a.instrument_version_id
        JOIN public.assessments_instrument i ON i.id = v.instrument_id
       WHERE a.assessed_on BETWEEN d_from AND d_to AND a.status IN ('completed', 'approved')
         AND NOT EXISTS (SELECT 1 FROM public.assessments_assessment x
                          WHERE x.amends_id = a.id AND x.status IN ('completed', 'approved'))
       ORDER BY a.subject_kind, a.family_case_id, a.child_id, a.candidate_id, a.household_id,
                a.staff_id, v.instrument_id, a.assessed_on DESC, a.completed_at DESC
  ), changed AS (
      SELECT l.organisation_id, coalesce(o.municipality_id, o.id) AS municipality_id,
             l.instrument, sum(round(l.improvement * 100))::bigint AS hundredths,
             count(*) AS people
        FROM latest l
        JOIN public.organisations_organisation o ON o.id = l.organisation_id
       WHERE l.improvement IS NOT NULL
       GROUP BY 1, 2, 3
  )
  SELECT c.organisation_id, c.municipality_id, m.measure, c.instrument, m.value
    FROM changed c
   CROSS JOIN LATERAL (VALUES ('improvement', c.hundredths), ('improved_people', c.people))
         m(measure, value)
  UNION ALL
  SELECT a.organisation_id, coalesce(o.municipality_id, o.id), 'assessments', a.subject_kind,
         count(*)
    FROM public.assessments_assessment a
    JOIN public.organisations_organisation o ON o.id = a.organisation_id
   WHERE a.assessed_on BETWEEN d_from AND d_to AND a.status IN ('completed', 'approved')
     -- A corrected assessment counts once: its done amendment in its place.
     AND NOT EXISTS (SELECT 1 FROM public.assessments_assessment x
                      WHERE x.amends_id = a.id AND x.status IN ('completed', 'approved'))
   GROUP BY 1, 2, 4
  UNION ALL
  SELECT p.organisation_id, coalesce(o.municipality_id, o.id), 'plans', p.kind, count(*)
    FROM public.plans_plan p
    JOIN public.organisations_organisation o ON o.id = p.organisation_id
   WHERE p.starts_on BETWEEN d_from AND d_to
   GROUP BY 1, 2, 4
$$;

-- Early-intervention cases: opened (referred) in the period by referral source, closed by
-- outcome, the days from referral to the help plan (help plans begun in the period: a sum
-- and a count, for the mean), and re-referrals (a case opened in the period for a family
-- of the same name and address whose earlier case at the organisation closed within the 12
-- months before).
CREATE OR REPLACE FUNCTION globa_monitoring_cases(d_from date, d_to date)
RETURNS TABLE (org_id bigint, municipality_id bigint, measure text, category text, value bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
  SELECT organisation_id, municipality_id, 'cases_opened', referral_source, count(*)
    FROM public.cases_familycase WHERE referred_on BETWEEN d_from AND d_to GROUP BY 1, 2, 4
  UNION ALL
  SELECT organisation_id, municipality_id, 'cases_closed', coalesce(nullif(outcome, ''), 'other'),
         count(*)
    FROM public.cases_familycase WHERE closed_on BETWEEN d_from AND d_to GROUP BY 1, 2, 4
  UNION ALL
  SELECT c.organisation_id, c.municipality_id, m.measure, '', m.value
    FROM (SELECT c.organisation_id, c.municipality_id,
                 sum(h.started_on - c.referred_on)::bigint AS days, count(*) AS n
            FROM public.cases_familycase c
            JOIN (SELECT case_id, min(started_on) AS started_on FROM public.cases_stageentry
                   WHERE stage = 'help_plan' GROUP BY case_id) h ON h.case_id = c.id
           WHERE h.started_on BETWEEN d_from AND d_to
           GROUP BY 1, 2) c
   CROSS JOIN LATERAL (VALUES ('to_plan_days', c.days), ('to_plan_cases', c.n)) m(measure, value)
  UNION ALL
  SELECT c.organisation_id, c.municipality_id, 'rereferrals', '', count(*)
    FROM public.cases_familycase c
   WHERE c.referred_on BETWEEN d_from AND d_to
     AND EXISTS (SELECT 1 FROM public.cases_familycase e
                  WHERE e.organisation_id = c.organisation_id AND e.id <> c.id
                    AND globa_fold(e.family_name) = globa_fold(c.family_name)
                    AND globa_fold(e.address) = globa_fold(c.address)
                    AND e.closed_on < c.referred_on
                    AND e.closed_on >= c.referred_on - interval '12 months')
   GROUP BY 1, 2
$$;

-- The carer journey: people who reached a stage in the period (inquiry, training,
-- approval, active carer), by the municipality they live in.
CREATE OR REPLACE FUNCTION globa_monitoring_carers(d_from date, d_to date)
RETURNS TABLE (org_id bigint, municipality_id bigint, measure text, category text, value bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
  SELECT s.centre_id, c.municipality_id, 'funnel', s.to_stage, count(DISTINCT s.candidate_id)
    FROM public.carers_stagechange s
    JOIN public.carers_candidate c ON c.id = s.candidate_id
   WHERE s.on BETWEEN d_from AND d_to
     AND s.to_stage IN ('inquiry', 'training', 'approval', 'active')
   GROUP BY 1, 2, 4
$$;

-- Institution transformation: plans by their status on the period's last day (the latest
-- change on or before it; a plan counts from its first change), plans prepared (prepared or
-- any later status), and residents assessed, with individual plans and moved to a family or
-- to community services in the period (dated counts added up).
CREATE OR REPLACE FUNCTION globa_monitoring_transformation(d_from date, d_to date)
RETURNS TABLE (org_id bigint, municipality_id bigint, measure text, category text, value bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
  WITH s AS MATERIALIZED (
      SELECT DISTINCT ON (c.plan_id) c.institution_id, c.status
        FROM public.monitoring_transformationstatuschange c
       WHERE c.changed_on <= d_to
       ORDER BY c.plan_id, c.changed_on DESC, c.id DESC
  )
  SELECT s.institution_id, coalesce(o.municipality_id, o.id), 'plans', s.status, count(*)
    FROM s JOIN public.organisations_organisation o ON o.id = s.institution_id
   GROUP BY 1, 2, 4
  UNION ALL
  SELECT r.institution_id, coalesce(o.municipality_id, o.id), 'residents', r.kind,
         sum(r.count)::bigint
    FROM public.monitoring_transformationresidents r
    JOIN public.organisations_organisation o ON o.id = r.institution_id
   WHERE r.counted_on BETWEEN d_from AND d_to
   GROUP BY 1, 2, 4
$$;

-- The carer satisfaction survey: the ratings given in the rounds whose period ends in
-- [d_from, d_to], all of them and the positive ones (4 or 5), by the centre; and the
-- households that answered. Counts only: an answer names no household. The answers still in
-- the inbox count too (globa/core/sql/quality.sql).
CREATE OR REPLACE FUNCTION globa_monitoring_survey(d_from date, d_to date)
RETURNS TABLE (org_id bigint, municipality_id bigint, measure text, category text, value bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
  WITH r AS MATERIALIZED (
      SELECT a.id, r.centre_id, coalesce(o.municipality_id, o.id) AS municipality_id, x.rating
        FROM (SELECT id, round_id, reachable, support, training, respite, respect
                FROM public.monitoring_surveyanswer
              UNION ALL
              SELECT id, round_id, reachable, support, training, respite, respect
                FROM public.monitoring_surveyinbox) a
        JOIN public.monitoring_surveyround r ON r.id = a.round_id
        JOIN public.organisations_organisation o ON o.id = r.centre_id
        CROSS JOIN LATERAL (VALUES (a.reachable), (a.support), (a.training), (a.respite),
                                   (a.respect)) x (rating)
       WHERE r.ends_on BETWEEN d_from AND d_to AND x.rating IS NOT NULL
  )
  SELECT centre_id, municipality_id, 'ratings', '', count(*) FROM r GROUP BY 1, 2
  UNION ALL
  SELECT centre_id, municipality_id, 'positive', '', count(*) FILTER (WHERE rating >= 4)
    FROM r GROUP BY 1, 2
  UNION ALL
  SELECT centre_id, municipality_id, 'respondents', '', count(DISTINCT id) FROM r GROUP BY 1, 2
$$;

-- The staffing of the care centres on d_to: the people with a role there on that day (its
-- span began on or before it and had not ended) whose position is psychologist, coordinator
-- or social worker ('staff', by position; one person once per position) and their full-time
-- equivalents ('fte', in hundredths); beside them, to count staff per carer household and per
-- child, the centre's caring households and children in care on d_to, as
-- globa_monitoring_households ('caring') and globa_monitoring_children ('in_care') count them.
-- The position and FTE are the role's as recorded now.
CREATE OR REPLACE FUNCTION globa_monitoring_staff(d_from date, d_to date)
RETURNS TABLE (org_id bigint, municipality_id bigint, measure text, category text, value bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
  WITH s AS MATERIALIZED (
      SELECT m.organisation_id AS centre_id, coalesce(o.municipality_id, o.id) AS municipality_id,
             m.position, m.user_id, max(m.fte) AS fte
        FROM public.accounts_membership m
        JOIN public.organisations_organisation o ON o.id = m.organisation_id
       WHERE m.started_on <= d_to AND (m.ended_on IS NULL OR m.ended_on > d_to)
         AND o.kind = 'care_centre'
         AND m.position IN ('psychologist', 'coordinator', 'social_worker')
       GROUP BY 1, 2, 3, 4
  )
  SELECT centre_id, municipality_id, 'staff', position, count(*) FROM s GROUP BY 1, 2, 4
  UNION ALL
  SELECT centre_id, municipality_id, 'fte', position, round(sum(fte) * 100)::bigint
    FROM s GROUP BY 1, 2, 4
  UNION ALL
  SELECT f.org_id, f.municipality_id, 'households', '', sum(f.value)::bigint
    FROM public.globa_monitoring_households(d_from, d_to) f
    JOIN public.organisations_organisation o ON o.id = f.org_id
   WHERE f.measure = 'caring' AND o.kind = 'care_centre' GROUP BY 1, 2
  UNION ALL
  SELECT f.org_id, f.municipality_id, 'children', '', sum(f.value)::bigint
    FROM public.globa_monitoring_children(d_from, d_to) f
    JOIN public.organisations_organisation o ON o.id = f.org_id
   WHERE f.measure = 'in_care' AND o.kind = 'care_centre' GROUP BY 1, 2
$$;

-- How far the records have changed, for the monitoring figures kept ready
-- (globa.monitoring.selectors): the latest change in the audit trail, which every change of
-- a record writes, and how many of the last 10,000 numbers are visible. A transaction that
-- took a number and commits after a later one becomes visible at once with all its rows, so
-- the count changes even though the latest number does not. (The transactions still running
-- are not asked: under load they come and go all the time, and the figures would never be
-- kept.) Figures counted at one version are exact while it stays the same. A number, never a
-- record.
CREATE OR REPLACE FUNCTION globa_data_version() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
  WITH latest AS (SELECT coalesce(max(id), 0) AS id FROM public.audit_change)
  SELECT latest.id::text || ':'
         || (SELECT count(*) FROM public.audit_change c WHERE c.id > latest.id - 10000)::text
    FROM latest
$$;

-- The same for some tables only, for the monitoring figures kept by source
-- (globa.monitoring.sources). An audited table's version is its latest change in the audit
-- trail and how many of its changes among the 10,000 numbers before that are visible, read
-- from the index on (table_name, id). The reference tables the figures read that are not
-- audited (the services, contact and capacity rules, training programmes, assessment
-- instruments: no personal data, a few hundred rows) are versioned by their rows' count and
-- the sum of their rows' hashes. Any other table has no version (NULL): its changes leave no
-- trace to compare, so figures that read it are counted every time (the survey's answers
-- and inbox, which must not be dated, nor their contents told by a hash). Numbers, never a
-- record.
CREATE OR REPLACE FUNCTION globa_table_versions(tables text[])
RETURNS TABLE (tbl text, version text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
  latest bigint;
  recent bigint;
BEGIN
  FOREACH tbl IN ARRAY tables LOOP
    version := NULL;
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t
                 JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
                 JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relname = tbl AND NOT t.tgisinternal
                  AND t.tgenabled <> 'D' AND t.tgfoid = 'public.globa_audit()'::regprocedure)
    THEN
      SELECT coalesce(max(a.id), 0) INTO latest FROM public.audit_change a
       WHERE a.table_name = tbl;
      SELECT count(*) INTO recent FROM public.audit_change a
       WHERE a.table_name = tbl AND a.id > latest - 10000;
      version := latest::text || ':' || recent::text;
    ELSIF tbl IN ('support_service', 'support_contactrule', 'registry_capacityrule',
                  'carers_programme', 'assessments_instrument',
                  'assessments_instrumentversion') THEN
      EXECUTE format('SELECT ''rows:'' || count(*) || '':'' '
                     '|| coalesce(sum(hashtextextended(t::text, 0)), 0) FROM public.%I t', tbl)
         INTO version;
    END IF;
    RETURN NEXT;
  END LOOP;
END
$$;
