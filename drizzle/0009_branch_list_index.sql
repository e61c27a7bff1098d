-- A branch's dossiers, newest first (a post clerk's `dossiers` list; issue 14): the page is read from the
-- end of this index instead of sorting every dossier of the branch on each request.
CREATE INDEX "dossiers_branch_submitted_idx" ON "dossiers" USING btree ("branch_id","submitted_at","id");