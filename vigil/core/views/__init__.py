"""The platform's pages, one module per area: the home page and the institution (`home`),
members (`members`), the audit trail (`audit`), table imports (`imports`), background jobs
(`jobs`), generated documents (`documents`), and the health probe and error pages
(`system`)."""
