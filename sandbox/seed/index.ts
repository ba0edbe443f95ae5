export { SECTORS, type SeedSector } from './sectors';
export { PROCEDURES, type SeedProcedure } from './procedures';
export { AGENCIES, buildSeedDossiers, seedDossierCodes, type SeedDossier } from './dossiers';
export { buildSeedAnnouncements } from './announcements';
