import { ActorBase } from '../../actor/actor-base.js';
import type { ActorAddress } from '../../actor/address.js';
import { Actor } from '../../actor/decorators.js';
import { ValidateSource, ValidatedSource } from '../../actor/messages.js';
import { isDirectorRequest, type SourceRejectedNotice } from './director-protocol.js';
import { validateTls } from './tls-validate.js';

/**
 * The Director's Source Authority (director.md 2.2): accepts a .tls that any current
 * `*_tls.key` verifies and whose package matches its manifest; hands the system the package
 * (the signed wrapper cut off). Keys are read at each ValidateSource, so adding or removing
 * a key file needs no restart.
 */
@Actor()
export class DirectorSourceAuthority extends ActorBase {
  private keyDir: string | undefined;
  private director: ActorAddress | undefined;

  override receiveMessage(message: unknown, sender: ActorAddress): unknown {
    if (message instanceof ValidateSource) return this.validate(message, sender);
    if (isDirectorRequest(message) && message.DirectorOp === 'Initialize' && typeof message['DirectorDir'] === 'string') {
      this.keyDir = message['DirectorDir'];
      this.director = sender;
      this.registerSourceAuthority();
      this.send(sender, { DirectorResponse: 'AuthorityReady', Success: true, DirectorDir: this.keyDir });
    }
    return undefined;
  }

  private validate(m: ValidateSource, sender: ActorAddress): void {
    if (!this.keyDir) {
      this.reject(m, sender, 'the Source Authority has no director dir yet');
      return;
    }
    const v = validateTls(m.sourceData, this.keyDir);
    if (!v.ok) {
      this.reject(m, sender, v.reason);
      return;
    }
    this.log('info', `source ${m.sourceHash} (${v.header.group} ${v.header.version}) validated with key ${v.keyFile}`);
    this.send(sender, new ValidatedSource(m.sourceHash, v.zip, `${v.header.group}-${v.header.version}`));
  }

  private reject(m: ValidateSource, sender: ActorAddress, reason: string): void {
    this.log('warning', `source ${m.sourceHash}${m.sourceInfo ? ` (${m.sourceInfo})` : ''} rejected by the Director's Source Authority: ${reason}`);
    this.send(sender, new ValidatedSource(m.sourceHash, null, m.sourceInfo));
    if (this.director) {
      const notice: SourceRejectedNotice = { DirectorOp: 'SourceRejected', SourceHash: m.sourceHash, Reason: reason };
      this.send(this.director, notice);
    }
  }
}
