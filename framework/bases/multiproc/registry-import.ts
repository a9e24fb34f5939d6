import { ActorSystemStartupFailure } from '../../actor/errors.js';
import { describeImportFailure, importModule } from '../../system/module-import.js';

/** A child process imports the system's generated registry before anything else. */
export async function importRegistry(file: string): Promise<void> {
  try {
    await importModule(file);
  } catch (err) {
    throw new ActorSystemStartupFailure(`the registry ${file} given to ActorSystem.start could not be imported: ${describeImportFailure(file, err)}`, 'REGISTRY_IMPORT_FAILED');
  }
}
