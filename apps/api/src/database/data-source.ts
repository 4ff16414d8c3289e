// Entry point for the TypeORM CLI (`npm run migration:generate`), never imported by the app.
import 'reflect-metadata';

import { DataSource } from 'typeorm';

import { ormOptions } from './orm-options';

const url = process.env['DATABASE_URL'];
if (url === undefined) {
  throw new Error('DATABASE_URL must point at a PostgreSQL database for migration commands');
}

export default new DataSource({ ...ormOptions(url, 2), migrationsRun: false });
