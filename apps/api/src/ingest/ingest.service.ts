import { Injectable } from '@nestjs/common';
import {
  type IngestReport,
  type Observation,
  parseObservationLineFast,
} from '@spreadwatch/contracts';

import { PipelineService } from '../pipeline/pipeline.service';

const MAX_REPORTED_ERRORS = 100;
const BATCH = 1_000;

@Injectable()
export class IngestService {
  constructor(private readonly pipeline: PipelineService) {}

  /** Validates NDJSON line by line; bad lines are reported by number and the rest is kept. */
  async ingestNdjson(body: string): Promise<IngestReport> {
    const report: IngestReport = { accepted: 0, duplicates: 0, rejected: 0, errors: [] };
    let batch: Observation[] = [];
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const result = await this.pipeline.ingest(batch);
      report.accepted += result.accepted;
      report.duplicates += result.duplicates;
      batch = [];
    };
    const lines = body.split('\n');
    for (let i = 0; i < lines.length; i += 1) {
      const line = (lines[i] ?? '').trim();
      if (line.length === 0) continue;
      const parsed = parseObservationLineFast(line);
      if (parsed.ok) {
        batch.push(parsed.value);
        if (batch.length >= BATCH) await flush();
      } else {
        report.rejected += 1;
        if (report.errors.length < MAX_REPORTED_ERRORS) {
          report.errors.push({ line: i + 1, error: parsed.error });
        }
      }
    }
    await flush();
    return report;
  }
}
