// ha-runbooks: Cockpit's configuration, overriding the webapp's default one (same path on the class path; the
// application's own resources come first). Everything else keeps Cockpit's defaults.
export default {
  // the "Command journal" tab on the process-instance view and the "Runbook runs" page (finished runs with their
  // outcome, journal and report); the path is relative to app/cockpit/, ".js" is appended
  customScripts: ['scripts/command-journal']
};
