import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActorBase, ActorExitRequest, ChildActorExited, Receive, type ActorAddress, type ActorSystem } from 'thespian-ts';
import { BASES, startSystem } from '../support/systems.js';

class Registry extends ActorBase {
  private hits = 0;
  @Receive(String) text(m: string, sender: ActorAddress) {
    this.hits++;
    if (m === 'name') this.send(sender, this.globalName);
    else this.send(sender, this.hits);
  }
}

class Requester extends ActorBase {
  private exits = 0;
  @Receive(String) text(m: string, sender: ActorAddress) {
    if (m === 'get') this.send(sender, this.createActor(Registry, { globalName: 'registry' }));
    if (m === 'exits') this.send(sender, this.exits);
  }
  @Receive(ChildActorExited) exited() {
    this.exits++;
  }
}

describe.each(BASES)('4.6 Named Actors (%s)', (base) => {
  let asys: ActorSystem;
  beforeEach(async () => {
    asys = await startSystem(base);
  });
  afterEach(async () => {
    await asys.shutdown();
  });

  it('4.6 every create with the same globalName returns the same actor', async () => {
    const a = await asys.createActor(Registry, { globalName: 'registry' });
    const b = await asys.createActor(Registry, { globalName: 'registry' });
    expect(a.equals(b)).toBe(true);
    const r = await asys.createActor(Requester);
    const c = (await asys.ask(r, 'get', 1000)) as ActorAddress;
    expect(c.equals(a)).toBe(true);
    expect(await asys.ask(a, 'count', 1000)).toBe(1);
    expect(await asys.ask(c, 'count', 1000)).toBe(2);
    expect((await asys.status()).globalNames).toHaveProperty('registry');
  });

  it('5.3.1 this.globalName is the name, or empty for unnamed actors (release 3.9.0)', async () => {
    const named = await asys.createActor(Registry, { globalName: 'the-one' });
    const plain = await asys.createActor(Registry);
    expect(await asys.ask(named, 'name', 1000)).toBe('the-one');
    expect(await asys.ask(plain, 'name', 1000)).toBe('');
  });

  it('5.3.1 a named actor has the system as parent: its requester gets no ChildActorExited', async () => {
    const r = await asys.createActor(Requester);
    const reg = (await asys.ask(r, 'get', 1000)) as ActorAddress;
    await asys.tell(reg, new ActorExitRequest());
    expect(await asys.ask(r, 'exits', 1000)).toBe(0);
    expect((await asys.status()).globalNames).not.toHaveProperty('registry');
    const again = await asys.createActor(Registry, { globalName: 'registry' });
    expect(again.equals(reg)).toBe(false);
    expect(await asys.ask(again, 'count', 1000)).toBe(1);
  });
});
