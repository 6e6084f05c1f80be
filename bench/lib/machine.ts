/** Facts about the machine a figure was measured on (a number without its machine means little). */
import { cpus, freemem, loadavg, platform, release, totalmem } from 'node:os';

export interface MachineFacts {
  node: string;
  platform: string;
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  freeMemoryGiB: number;
  /** 1/5/15-minute load when the bench started: other work on the machine skews timings. */
  loadAverage: number[];
  date: string;
}

const gib = (bytes: number): number => Math.round((bytes / 1024 ** 3) * 10) / 10;

export function machineFacts(): MachineFacts {
  const list = cpus();
  return {
    node: process.version,
    platform: `${platform()} ${release()} ${process.arch}`,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: gib(totalmem()),
    freeMemoryGiB: gib(freemem()),
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    date: new Date().toISOString(),
  };
}
