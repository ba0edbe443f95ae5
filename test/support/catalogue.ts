/**
 * A catalogue copy as the kiosk keeps it on disk (main/services/procedures/catalogue.ts), built
 * from the sandbox's seed: what a kiosk that once reached the backend has when the link is gone.
 */
import type { CatalogueFile } from '../../main/services/procedures/catalogue';
import { PROCEDURES, SECTORS } from '../../sandbox/seed';

export function seedCatalogueFile(fetchedAt: Date): CatalogueFile {
  const sectorNames = new Map(SECTORS.map((s) => [s.code, s.name]));
  const procedures = PROCEDURES.map((p) => ({ ...p, sectorName: sectorNames.get(p.sectorCode)! }));
  const summaries = procedures.map(({ code, name, sectorCode, sectorName, agencyLevel, onlineLevel, processingDays, aliases }) => ({
    code,
    name,
    sectorCode,
    sectorName,
    agencyLevel,
    onlineLevel,
    processingDays,
    aliases,
  }));
  return {
    format: 1,
    fetchedAt: fetchedAt.toISOString(),
    sectors: SECTORS.map((s) => ({ ...s, procedureCount: PROCEDURES.filter((p) => p.sectorCode === s.code).length })),
    procedures: summaries,
    details: Object.fromEntries(procedures.map((p) => [p.code, p])),
  };
}
